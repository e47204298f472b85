from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

# Indexes the digest's figures read from alone (models/tables/intents.py says which serves what).
class Migration(migrations.Migration):
    dependencies = [('finmatch', '0008_perf')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Intent',
            index=Index(fields=['status', 'amount']),
        ),
        ops.AddIndex(
            model_name='Intent',
            index=Index(fields=['created_at', 'status', 'amount']),
        ),
        ops.AddIndex(
            model_name='Intent',
            index=Index(fields=['status', 'created_at', 'institution_id', 'amount']),
        ),
        ops.AddIndex(
            model_name='LedgerEntry',
            index=Index(fields=['metric', 'at', 'intent_id', 'delta']),
        ),
    ]
