from tortoise import migrations
from tortoise.migrations import operations as ops
from models.stamps import StampField

# Stamps (created_at, updated_at, at) now come from models.clock; the columns are unchanged.
class Migration(migrations.Migration):
    dependencies = [('finmatch', '0004_digests')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='AuditEntry',
            name='at',
            field=StampField(db_index=True, auto_now=False, auto_now_add=True),
        ),
        ops.AlterField(
            model_name='Draft',
            name='updated_at',
            field=StampField(auto_now=True, auto_now_add=False),
        ),
        ops.AlterField(
            model_name='Enterprise',
            name='created_at',
            field=StampField(auto_now=False, auto_now_add=True),
        ),
        ops.AlterField(
            model_name='Enterprise',
            name='updated_at',
            field=StampField(auto_now=True, auto_now_add=False),
        ),
        ops.AlterField(
            model_name='Event',
            name='created_at',
            field=StampField(auto_now=False, auto_now_add=True),
        ),
        ops.AlterField(
            model_name='Event',
            name='updated_at',
            field=StampField(auto_now=True, auto_now_add=False),
        ),
        ops.AlterField(
            model_name='FinancingNeed',
            name='created_at',
            field=StampField(auto_now=False, auto_now_add=True),
        ),
        ops.AlterField(
            model_name='Institution',
            name='created_at',
            field=StampField(auto_now=False, auto_now_add=True),
        ),
        ops.AlterField(
            model_name='Intent',
            name='created_at',
            field=StampField(auto_now=False, auto_now_add=True),
        ),
        ops.AlterField(
            model_name='Intent',
            name='updated_at',
            field=StampField(auto_now=True, auto_now_add=False),
        ),
        ops.AlterField(
            model_name='Invitation',
            name='created_at',
            field=StampField(auto_now=False, auto_now_add=True),
        ),
        ops.AlterField(
            model_name='LedgerEntry',
            name='at',
            field=StampField(auto_now=False, auto_now_add=True),
        ),
        ops.AlterField(
            model_name='Meeting',
            name='created_at',
            field=StampField(auto_now=False, auto_now_add=True),
        ),
        ops.AlterField(
            model_name='OutboxMessage',
            name='created_at',
            field=StampField(auto_now=False, auto_now_add=True),
        ),
        ops.AlterField(
            model_name='Person',
            name='created_at',
            field=StampField(auto_now=False, auto_now_add=True),
        ),
        ops.AlterField(
            model_name='Product',
            name='created_at',
            field=StampField(auto_now=False, auto_now_add=True),
        ),
        ops.AlterField(
            model_name='Product',
            name='updated_at',
            field=StampField(auto_now=True, auto_now_add=False),
        ),
        ops.AlterField(
            model_name='Registration',
            name='signed_up_at',
            field=StampField(auto_now=False, auto_now_add=True),
        ),
        ops.AlterField(
            model_name='Series',
            name='created_at',
            field=StampField(auto_now=False, auto_now_add=True),
        ),
        ops.AlterField(
            model_name='Target',
            name='created_at',
            field=StampField(auto_now=False, auto_now_add=True),
        ),
    ]
