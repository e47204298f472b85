from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('finmatch', '0002_delivery')]

    initial = False

    operations = [
        ops.CreateModel(
            name='WrongInviteCode',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('finmatch.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='wrong_invite_codes', on_delete=OnDelete.CASCADE)),
                ('at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('hint', fields.CharField(default='', max_length=8)),
            ],
            options={'table': 'wrong_invite_code', 'app': 'finmatch', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Person',
            name='erased_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
    ]
