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
        Workshop.objects.filter(village__code__startswith=prefix).exists()
        or WorkReliefProject.objects.filter(village__code__startswith=prefix).exists()
        or PublicPost.objects.filter(village__code__startswith=prefix).exists()
        or RelocationSite.objects.filter(region__code__startswith=prefix).exists()
        or Training.objects.filter(region__code__startswith=prefix).exists()
        or OutboundBatch.objects.filter(region__code__startswith=prefix).exists()
        or LabourCooperative.objects.filter(region__code__startswith=prefix).exists()
    )


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
    ctx = load(prefix, seed, tell)
    tell(f"{region.name}：劳动力{len(ctx.labourers)}人，村{len(ctx.villages)}个。")
    counts: dict[str, int] = {}
    for key, label, make in KINDS:
        written = make(ctx)
        for name, value in written.items():
            counts[name] = counts.get(name, 0) + value
        audit.record(
            None,
            f"{key}.seed_demo",
            region,
            after={**{k: v for k, v in written.items() if k != "spells"}, "seed": seed},
            region_id=region.code,
            context={"kind": label},
        )
    records = ledger.refresh_people(ctx.touched)
    counts["monthly_records"] = records
    tell(
        f"务工记录{counts.get('spells', 0)}条，月度记录变动{records}条；"
        f"共用时{time.monotonic() - began:.1f}秒。"
    )
    return counts
