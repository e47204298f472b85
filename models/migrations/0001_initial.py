from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.enums import District, FinancingKind, Guarantee, Language, Tier
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Chain',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=64)),
                ('name_en', fields.CharField(default='', max_length=96)),
                ('position', fields.IntField(default=0)),
                ('active', fields.BooleanField(default=True)),
            ],
            options={'table': 'chain', 'app': 'finmatch', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Draft',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tg_id', fields.BigIntField(unique=True)),
                ('form', fields.CharField(max_length=32)),
                ('step', fields.CharField(max_length=32)),
                ('data', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'draft', 'app': 'finmatch', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Enterprise',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=100)),
                ('uscc', fields.CharField(unique=True, max_length=18)),
                ('tier', fields.CharEnumField(description='innovative: innovative\nspecialized: specialized\nlittle_giant: little_giant\nchampion: champion\nother: other', enum_type=Tier, max_length=16)),
                ('chain', fields.ForeignKeyField('finmatch.Chain', source_field='chain_id', db_constraint=True, to_field='id', related_name='enterprises', on_delete=OnDelete.RESTRICT)),
                ('district', fields.CharEnumField(description='jiangan: jiangan\njianghan: jianghan\nqiaokou: qiaokou\nhanyang: hanyang\nwuchang: wuchang\nqingshan: qingshan\nhongshan: hongshan\ndongxihu: dongxihu\nhannan: hannan\ncaidian: caidian\njiangxia: jiangxia\nhuangpi: huangpi\nxinzhou: xinzhou\neast_lake_hitech: east_lake_hitech\nwuhan_econ_dev: wuhan_econ_dev\neast_lake_scenic: east_lake_scenic\nchangjiang_new: changjiang_new', enum_type=District, max_length=20)),
                ('contact_name', fields.CharField(max_length=50)),
                ('phone', fields.CharField(max_length=20)),
                ('suspended', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'enterprise', 'app': 'finmatch', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FinancingNeed',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('enterprise', fields.ForeignKeyField('finmatch.Enterprise', source_field='enterprise_id', db_constraint=True, to_field='id', related_name='needs', on_delete=OnDelete.CASCADE)),
                ('amount', fields.BigIntField()),
                ('kind', fields.CharEnumField(description='equity: equity\nloan: loan\nbond: bond\ninsurance: insurance\nguarantee: guarantee', enum_type=FinancingKind, max_length=12)),
                ('term_months', fields.IntField()),
                ('purpose', fields.CharField(max_length=200)),
                ('guarantee', fields.CharEnumField(description='credit: credit\nmortgage: mortgage\npledge: pledge\nsurety: surety\nother: other', enum_type=Guarantee, max_length=12)),
                ('open', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'financing_need', 'app': 'finmatch', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Person',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('tg_id', fields.BigIntField(unique=True)),
                ('full_name', fields.CharField(default='', max_length=128)),
                ('username', fields.CharField(null=True, max_length=64)),
                ('language', fields.CharEnumField(null=True, description='zh: zh\nen: en', enum_type=Language, max_length=2)),
                ('is_organizer', fields.BooleanField(default=False)),
                ('enterprise', fields.ForeignKeyField('finmatch.Enterprise', source_field='enterprise_id', null=True, db_constraint=True, to_field='id', related_name='representatives', on_delete=OnDelete.CASCADE)),
                ('blocked_bot', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'person', 'app': 'finmatch', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('actor', fields.ForeignKeyField('finmatch.Person', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='audit_entries', on_delete=OnDelete.CASCADE)),
                ('action', fields.CharField(max_length=64)),
                ('entity', fields.CharField(max_length=32)),
                ('entity_id', fields.BigIntField()),
                ('before', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('after', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'audit_entry', 'app': 'finmatch', 'indexes': [Index(fields=['entity', 'entity_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
