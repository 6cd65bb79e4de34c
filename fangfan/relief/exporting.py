"""xlsx exports: the project list, and per project the 用工花名册, 用工考勤台账 and
劳务报酬发放明细台账 (ID numbers and bank accounts masked). Every export is logged."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpResponse
from django.utils import timezone

from fangfan.audit import services as audit
from fangfan.audit.models import AccessAction
from fangfan.core import xlsx
from fangfan.core.masking import mask_account, mask_id_number
from fangfan.regions.names import township_village_names

from . import rules
from .models import Attendance, ReliefRule, WagePayment


def _response(request, title: str, headers, rows, object_type: str, region_id, detail) -> HttpResponse:
    audit.log_access(
        request.user,
        AccessAction.EXPORT,
        object_type=object_type,
        region_id=region_id,
        detail={"rows": len(rows), **detail},
        request=request,
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        xlsx.table(headers, rows, sheet_name=title[:31], title=title), content_type=xlsx.XLSX_CONTENT_TYPE
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{title}-{stamp}.xlsx')}"
    return response


def projects(request, policy, region, qs) -> HttpResponse:
    headers = [
        "项目名称",
        "项目编号",
        "项目业主",
        "施工单位",
        "乡镇 村",
        "开工日期",
        "完工日期",
        "中央资金",
        "省级资金",
        "其他资金",
        "资金合计",
        "计划劳务报酬",
        "劳务报酬占中央资金比例（%）",
        "是否达标",
        "用工人数",
        "其中脱贫人口（含监测对象）",
    ]
    items = list(qs.select_related("village").order_by("village_id", "name"))
    places = township_village_names(p.village_id for p in items)
    rows = []
    for p in items:
        share = rules.wage_share(p, ReliefRule.objects.for_region(p.village))
        hires = p.hires.all()
        rows.append(
            [
                p.name,
                p.number,
                p.owner,
                p.contractor,
                places.get(p.village_id, ""),
                p.start,
                p.end,
                p.central_funds,
                p.provincial_funds,
                p.other_funds,
                p.total_funds,
                p.planned_wages,
                share.percent,
                "不适用" if not share.applies else share.ok,
                hires.count(),
                hires.filter(worker__person__isnull=False).count(),
            ]
        )
    region_id = region.code if region else policy.user.region_id
    return _response(request, "以工代赈项目台账", headers, rows, "relief.workreliefproject", region_id, {})


def project(request, item, what: str) -> HttpResponse:
    if what == "hires":
        headers = [
            "姓名",
            "身份证号",
            "所在村",
            "是否脱贫人口（含监测对象）",
            "工种",
            "进场日期",
            "退场日期",
            "日工资（元）",
        ]
        hires = list(item.hires.select_related("worker").order_by("start", "id"))
        places = township_village_names(h.worker.village_id for h in hires)
        rows = [
            [
                h.worker.name,
                mask_id_number(h.worker.id_number),
                places.get(h.worker.village_id, ""),
                h.worker.is_poverty,
                h.job,
                h.start,
                h.end,
                h.daily_wage,
            ]
            for h in hires
        ]
        title = f"{item.name}用工花名册"
    elif what == "attendance":
        headers = ["月份", "姓名", "身份证号", "出勤天数", "出勤日期"]
        records = Attendance.objects.filter(sheet__project=item).select_related("sheet", "hire__worker")
        rows = [
            [
                f"{a.sheet.month:%Y-%m}",
                a.hire.worker.name,
                mask_id_number(a.hire.worker.id_number),
                a.days,
                "、".join(str(d) for d in a.day_list),
            ]
            for a in records.order_by("sheet__month", "hire__start", "id")
        ]
        title = f"{item.name}用工考勤台账"
    else:
        rule = ReliefRule.objects.for_region(item.village)
        today = timezone.localdate()
        headers = [
            "月份",
            "姓名",
            "身份证号",
            "出勤天数",
            "日工资",
            "应发金额",
            "实发金额",
            "发放日期",
            "开户银行",
            "银行账号",
            "考勤截止至发放（天）",
            "发放情况",
        ]
        payments = WagePayment.objects.filter(sheet__project=item).select_related("sheet", "hire__worker")
        rows = []
        for p in payments.order_by("sheet__month", "hire__start", "id"):
            state = rules.timeliness(p, rule, today)
            rows.append(
                [
                    f"{p.sheet.month:%Y-%m}",
                    p.hire.worker.name,
                    mask_id_number(p.hire.worker.id_number),
                    p.days,
                    p.daily_wage,
                    p.due,
                    p.paid,
                    p.paid_on,
                    p.bank_name,
                    mask_account(p.bank_account),
                    state.days_to_pay,
                    state.label,
                ]
            )
        title = f"{item.name}劳务报酬发放明细台账"
    return _response(
        request,
        title,
        headers,
        rows,
        "relief.workreliefproject",
        item.village_id,
        {"project": item.pk, "what": what},
    )
