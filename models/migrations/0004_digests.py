from tortoise import migrations
from tortoise.migrations import operations as ops
from models.rules.digest_rules import Frequency
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('finmatch', '0003_harden')]

    initial = False

    operations = [
        ops.CreateModel(
            name='DigestSubscription',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('finmatch.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='digest_subscriptions', on_delete=OnDelete.CASCADE)),
                ('chat_id', fields.BigIntField(db_index=True)),
                ('chat_title', fields.CharField(default='', max_length=100)),
                ('frequency', fields.CharEnumField(description='daily: daily\nweekly: weekly\nmonthly: monthly', enum_type=Frequency, max_length=8)),
                ('weekday', fields.SmallIntField(null=True)),
                ('day', fields.SmallIntField(null=True)),
                ('at_minute', fields.SmallIntField()),
                ('language', fields.CharField(default='zh', max_length=2)),
                ('paused', fields.BooleanField(default=False)),
                ('rule_set_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('covered_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'digest_subscription', 'app': 'finmatch', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
