"""Industry chains (产业链): data an organizer can edit, seeded from the city's "965" system."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model

DEFAULT_CHAINS: tuple[tuple[str, str], ...] = (
    ("光电子信息", "Optoelectronics & information"),
    ("新能源与智能网联汽车", "New-energy & connected vehicles"),
    ("生命健康(生物医药、医疗器械)", "Life & health (biomedicine, devices)"),
    ("高端装备", "High-end equipment"),
    ("先进基础材料", "Advanced basic materials"),
    ("北斗与空天信息", "BeiDou & aerospace information"),
    ("人工智能", "Artificial intelligence"),
    ("低空经济", "Low-altitude economy"),
    ("集成电路", "Integrated circuits"),
    ("数字创意", "Digital creative"),
    ("氢能", "Hydrogen energy"),
    ("现代金融与科技服务", "Modern finance & tech services"),
)


class Chain(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=64, unique=True)
    name_en = fields.CharField(max_length=96, default="")
    position = fields.IntField(default=0)
    active = fields.BooleanField(default=True)

    class Meta:
        table = "chain"
        ordering = ("position", "id")

    def label(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name


async def seed_chains(names: list[str] | None = None) -> None:
    """Create the default chains (or INDUSTRY_CHAINS from settings) when the table is empty."""
    if await Chain.exists():
        return
    english = dict(DEFAULT_CHAINS)
    rows = names or [name for name, _ in DEFAULT_CHAINS]
    await Chain.bulk_create(  # several instances may start at once on an empty database: first one wins
        [Chain(name=name, name_en=english.get(name, ""), position=i) for i, name in enumerate(rows)],
        ignore_conflicts=True,
    )


async def active_chains() -> list[Chain]:
    return await Chain.filter(active=True)
