from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

# Enterprises with an intent at an event (or a series' events) in a period, read from the index alone.
class Migration(migrations.Migration):
    dependencies = [('finmatch', '0009_figure_indexes')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='Intent',
            index=Index(fields=['event_id', 'status', 'confirmed_at', 'enterprise_id']),
        ),
    ]
