"""Deterministic, set-based instrument data for a region that already holds people and spells.

``generate(prefix, seed)`` writes, for the region whose code starts with ``prefix``, what the
instrument services would have written had clerks entered it: 就业帮扶车间 and 基地 with workers and
wages (``workshops``), 劳务合作社, 经纪人, 有组织劳务输出 batches with members and 劳务品牌 with
workers (``cooperation``), 以工代赈 projects with local hires, attendance and payments (``relief``),
乡村公益性岗位 with appointments, attendance and payments (``posts``), 易地搬迁安置区 with residents
and 专场招聘 with employers, attendees and hires (``relocation``), and 职业技能培训 with enrolments
(``training``). Every job owns its employment spell (``source_ref="<app>.<model>:<pk>"``, as
``cooperation.kit.spells.sync_spell`` names it); the monthly records and rollups of the people
concerned are recomputed at the end (``employment.ledger.refresh_people``). Rows go in with
``fangfan.core.bulk`` (COPY on PostgreSQL); one audit event is recorded per kind.

The same seed on the same people gives the same rows. A region that already has instrument data is
left alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from fangfan.audit import services as audit
from fangfan.cooperation.models import LabourCooperative, OutboundBatch
from fangfan.employment import ledger
from fangfan.posts.models import PublicPost
from fangfan.regions.codes import Level
from fangfan.regions.models import Region
from fangfan.relief.models import WorkReliefProject
from fangfan.relocation.models import RelocationSite
from fangfan.training.models import Training
from fangfan.workshops.models import Workshop

from . import cooperation, posts, relief, relocation, training, workshops
from .common import load

KINDS = (
    ("workshops", "就业帮扶车间", workshops.generate),
    ("relief", "以工代赈", relief.generate),
    ("posts", "乡村公益性岗位", posts.generate),
    ("cooperation", "劳务协作", cooperation.generate),
    ("relocation", "易地搬迁安置区和专场招聘", relocation.generate),
    ("training", "职业技能培训", training.generate),
)


def existing(prefix: str) -> bool:
    """Whether the region already holds instrument data of any kind."""
    return (
        Workshop.objects.under(prefix).exists()
        or WorkReliefProject.objects.under(prefix).exists()
        or PublicPost.objects.under(prefix).exists()
        or RelocationSite.objects.under(prefix).exists()
        or Training.objects.under(prefix).exists()
        or OutboundBatch.objects.under(prefix).exists()
        or LabourCooperative.objects.under(prefix).exists()
    )


def parts(region: Region) -> list[Region]:
    """A province is generated city by city (memory stays that of its largest city); anything
    smaller in one go."""
    if region.level != Level.PROVINCE:
        return [region]
    return list(Region.objects.filter(parent=region, level=Level.CITY).order_by("code"))


def generate(prefix: str, seed: int, say: Callable[[str], None] | None = None) -> dict[str, int]:
    """Write the instruments of the region ``prefix``; returns the rows written per kind
    (empty when the region already had instrument data)."""
    tell = say or (lambda _line: None)
    region = Region.objects.filter(code=prefix.ljust(12, "0")).first()
    if region is None:
        raise ValueError(f"区划“{prefix}”不存在")
    if existing(prefix):
        tell(f"{region.name}已有帮扶措施数据，跳过生成。")
        return {}
    began = time.monotonic()
    counts: dict[str, int] = {}
    by_kind: dict[str, dict[str, int]] = {key: {} for key, _label, _make in KINDS}
    for part in parts(region):
        started = time.monotonic()
        ctx = load(part.prefix, seed, tell)
        if not ctx.labourers:
            continue
        tell(f"{part.name}：劳动力{len(ctx.labourers)}人，村{len(ctx.villages)}个。")
        spells = counts.get("spells", 0)
        for key, _label, make in KINDS:
            for name, value in make(ctx).items():
                counts[name] = counts.get(name, 0) + value
                by_kind[key][name] = by_kind[key].get(name, 0) + value
        written = time.monotonic()
        records = ledger.refresh_people(ctx.touched)
        counts["monthly_records"] = counts.get("monthly_records", 0) + records
        tell(
            f"{part.name}：务工记录{counts.get('spells', 0) - spells}条，月度记录变动{records}条"
            f"（生成{written - started:.1f}秒，计算月度记录{time.monotonic() - written:.1f}秒）。"
        )
    for key, label, _make in KINDS:
        audit.record(
            None,
            f"{key}.seed_demo",
            region,
            after={**{k: v for k, v in by_kind[key].items() if k != "spells"}, "seed": seed},
            region_id=region.code,
            context={"kind": label},
        )
    tell(f"共用时{time.monotonic() - began:.1f}秒。")
    return counts
