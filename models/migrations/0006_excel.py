from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from models.stamps import StampField

class Migration(migrations.Migration):
    dependencies = [('finmatch', '0005_clock_stamps')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ClaimLink',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code_hash', fields.CharField(unique=True, max_length=64)),
                ('enterprise', fields.ForeignKeyField('finmatch.Enterprise', source_field='enterprise_id', db_constraint=True, to_field='id', related_name='claim_links', on_delete=OnDelete.CASCADE)),
                ('created_by', fields.ForeignKeyField('finmatch.Person', source_field='created_by_id', db_constraint=True, to_field='id', related_name='claim_links_created', on_delete=OnDelete.CASCADE)),
                ('created_at', StampField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_by', fields.ForeignKeyField('finmatch.Person', source_field='used_by_id', null=True, db_constraint=True, to_field='id', related_name='claim_links_used', on_delete=OnDelete.CASCADE)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'claim_link', 'app': 'finmatch', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Registration',
            name='walk_in',
            field=fields.BooleanField(default=False),
        ),
    ]
