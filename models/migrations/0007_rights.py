from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import ProposerSide
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('finmatch', '0006_excel')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Intent',
            name='proposer_side',
            field=fields.CharEnumField(default=ProposerSide.enterprise, description='enterprise: enterprise\ninstitution: institution\norganizer: organizer', enum_type=ProposerSide, max_length=12),
        ),
        ops.AddIndex(
            model_name='Intent',
            index=Index(fields=['institution_id', 'enterprise_id']),
        ),
    ]
