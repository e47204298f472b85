from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

# The funnel's "proposed" step (enterprises with an intent made in a period), read from the index alone.
class Migration(migrations.Migration):
    dependencies = [('finmatch', '0010_event_figures')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Intent',
            index=Index(fields=['created_at', 'enterprise_id']),
        ),
    ]
