"""Performance (issue 11): running totals of the amount figures per day and scope; indexes for the
period counts of intents and check-ins."""

from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import TargetMetric, TargetScope
from tortoise import fields
from tortoise.indexes import Index

from models.tables.running_totals import rebuild


async def derive_running_totals(apps, schema_editor) -> None:
    """The running totals of the ledger written before this migration."""
    await rebuild(schema_editor.client)

class Migration(migrations.Migration):
    dependencies = [('finmatch', '0007_rights')]

    initial = False

    operations = [
        ops.CreateModel(
            name='FigureDay',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('day', fields.DateField()),
                ('metric', fields.CharEnumField(description='confirmed_amount: confirmed_amount\nenterprises_with_intent: enterprises_with_intent\nenterprise_visits: enterprise_visits\napproved_amount: approved_amount\ndisbursed_amount: disbursed_amount', enum_type=TargetMetric, max_length=24)),
                ('scope', fields.CharEnumField(description='programme: programme\nseries: series\nevent: event\nchain: chain\ninstitution: institution', enum_type=TargetScope, max_length=12)),
                ('scope_id', fields.IntField()),
                ('total', fields.BigIntField(default=0)),
            ],
            options={'table': 'figure_day', 'app': 'finmatch', 'unique_together': (('metric', 'scope', 'scope_id', 'day'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AddIndex(
            model_name='Intent',
            index=Index(fields=['status', 'confirmed_at', 'enterprise_id', 'institution_id']),
        ),
        ops.AddIndex(
            model_name='Registration',
            index=Index(fields=['status', 'checked_in_at']),
        ),
        ops.RunPython(derive_running_totals, ops.RunPython.noop),
    ]
