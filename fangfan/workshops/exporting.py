"""xlsx exports of workshops and of their workers (masked ID numbers), logged as exports."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

from fangfan.audit import services as audit
from fangfan.audit.models import AccessAction
from fangfan.core import xlsx
from fangfan.core.masking import mask_id_number, mask_phone
from fangfan.regions.names import township_village_names

from .models import WorkshopWorker

WORKSHOP_HEADERS = [
    "名称",
    "类别",
    "类型",
    "经营主体",
    "统一社会信用代码",
    "乡镇 村",
    "村级区划代码",
    "地址",
    "联系人",
    "联系电话",
    "认定日期",
    "升级为基地日期",
    "退出日期",
    "退出原因",
    "动态管理类别",
    "在岗脱贫人口（人）",
]
WORKER_HEADERS = [
    "车间",
    "统一社会信用代码",
    "姓名",
    "身份证号",
    "岗位",
    "入职日期",
    "离职日期",
    "月工资",
    "合同期限（月）",
    "意外伤害保险",
    "保费（元/月）",
]


def _workshop_rows(qs):
    today = timezone.localdate()
    items = list(qs.order_by("village_id", "name"))
    places = township_village_names(w.village_id for w in items)
    for w in items:
        current = w.workers.active_between(today, today).values("person").distinct().count()
        yield [
            w.name,
            w.get_kind_display(),
            w.get_category_display(),
            w.operator,
            w.credit_code,
            places.get(w.village_id, ""),
            w.village_id,
            w.address,
            w.contact_name,
            mask_phone(w.contact_phone),
            w.certified_on,
            w.upgraded_on,
            w.exited_on,
            w.exit_reason,
            w.get_track_display() if w.track else "",
            current,
        ]


def _worker_rows(qs):
    workers = (
        WorkshopWorker.objects.filter(workshop__in=qs)
        .select_related("workshop", "person")
        .order_by("workshop__name", "start", "id")
    )
    for w in workers.iterator(chunk_size=2000):
        yield [
            w.workshop.name,
            w.workshop.credit_code,
            w.person.name,
            mask_id_number(w.person.id_number),
            w.job,
            w.start,
            w.end,
            w.monthly_wage,
            w.contract_months,
            w.insured,
            w.insurance_premium,
        ]


def response(request, policy, region, qs, what: str) -> HttpResponse:
    if what == "workers":
        title, headers, rows = "车间务工人员台账", WORKER_HEADERS, list(_worker_rows(qs))
    else:
        title, headers, rows = "就业帮扶车间台账", WORKSHOP_HEADERS, list(_workshop_rows(qs))
    audit.log_access(
        request.user,
        AccessAction.EXPORT,
        object_type="workshops.workshop" if what != "workers" else "workshops.workshopworker",
        region_id=region.code if region else policy.user.region_id,
        detail={"rows": len(rows), "query": request.GET.urlencode()},
        request=request,
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    content = xlsx.table(headers, rows, sheet_name=title, title=f"{(region or policy.region or '')}{title}")
    result = HttpResponse(content, content_type=xlsx.XLSX_CONTENT_TYPE)
    result["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{title}-{stamp}.xlsx')}"
    return result
