from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import OutboxStatus
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('finmatch', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ProcessedUpdate',
            fields=[
                ('update_id', fields.BigIntField(primary_key=True, unique=True, db_index=True)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'processed_update', 'app': 'finmatch', 'pk_attr': 'update_id'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='OutboxMessage',
            name='status',
            field=fields.CharEnumField(default=OutboxStatus.pending, db_index=True, description='pending: pending\nsending: sending\nsent: sent\nfailed: failed\nblocked: blocked\ndropped: dropped\nunsure: unsure', enum_type=OutboxStatus, max_length=8),
        ),
        ops.AddField(
            model_name='OutboxMessage',
            name='broadcast',
            field=fields.CharField(null=True, db_index=True, max_length=64),
        ),
    ]
