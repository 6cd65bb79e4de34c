"""附件2: the district's projects and their people, the list as submitted, and the city's 项目库."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Min, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangfan.accounts.policy import require
from fangfan.regions.codes import Level
from fangfan.registry.models import Person

from .. import services
from ..definitions import QUARTERS, Period
from ..exports import pdf, xlsx_layout
from ..exports.fonts import FontMissing
from ..forms import (
    EndWorkerForm,
    LibraryForm,
    ListSubmitForm,
    ProjectForm,
    WorkerForm,
    apply_errors,
    error_text,
)
from ..models import LibraryEntry, Project, ProjectList, ProjectListVersion, ProjectWorker
from ..models.progress import quarter_window
from ..projects import FLAG_HEADER, ProjectRow, form_header, poverty_q, project_rows, rows_from
from ..services.common import is_own
from ..services.projects import LIST_FLOW
from .common import (
    PDF_CONTENT_TYPE,
    decide,
    download,
    history,
    home_region,
    period_or_404,
    region_or_404,
    report_outcome,
    version_asked,
    workflow_context,
)


def _period(request) -> Period:
    today = timezone.localdate()
    default = Period.containing(today)
    try:
        return Period(
            int(request.GET.get("year", default.year)), int(request.GET.get("quarter", default.quarter))
        )
    except ValueError:
        raise Http404("年度或季度不正确") from None


def _list(request, region, period: Period) -> ProjectList | None:
    return (
        ProjectList.objects.visible_to(request.user)
        .filter(region=region, year=period.year, quarter=period.quarter)
        .first()
    )


def shown_version(request, plist: ProjectList | None) -> ProjectListVersion | None:
    """The version asked for (``?version=N``), else the one the list stands for, else none (live)."""
    return version_asked(request, plist) or (plist.displayed_version() if plist is not None else None)


def district_rows(request, region, period: Period, version: ProjectListVersion | None) -> list[ProjectRow]:
    """The rows shown and exported: a version's as submitted, otherwise live."""
    if version is not None:
        return rows_from(version.rows)
    first, last = quarter_window(region, period)
    projects = (
        Project.objects.visible_to(request.user)
        .filter(region=region)
        .active_between(first, last)
        .order_by("started_on", "id")
    )
    return project_rows(projects, first, last)


LIST_STEPS = ("review", "send_back", "submit", "approve", "return", "reopen")


def projects(request):
    found = require(request, "reports.view")
    region = home_region(request, found)
    period = _period(request)
    first, last = quarter_window(region, period)
    context = {
        "region": region,
        "period": period,
        "first": first,
        "last": last,
        "quarters": QUARTERS,
        "years": _years(),
        "flag_header": FLAG_HEADER,
    }
    if region.level_enum == Level.COUNTY:
        plist = _list(request, region, period)
        version = shown_version(request, plist)
        user = request.user
        steps = {
            step: reverse(
                "reports:project_list_action", args=[region.code, period.year, period.quarter, step]
            )
            for step in LIST_STEPS
        }
        context |= workflow_context(request, found, plist, region, "reports.projects", steps)
        context |= {
            "plist": plist,
            "version": version,
            "shown_version": version,
            "version_query": f"region={region.code}&year={period.year}&quarter={period.quarter}",
            "versions": list(plist.versions.select_related("decided_by")) if plist else [],
            "paired": [(row, False) for row in district_rows(request, region, period, version)],
            "can_edit": found.can("reports.projects") and is_own(user, region),
            "submit_form": ListSubmitForm(
                initial={"filled_by": str(user), "phone": user.phone, "filled_on": timezone.localdate()}
            ),
            "history": history(plist) if plist else [],
            "form_header": form_header(region),
        }
        return render(request, "reports/projects_district.html", context)
    if region.level_enum not in (Level.CITY, Level.PROVINCE):
        raise Http404("项目清单按县（区、市）填报")
    counties = list(region.descendants(Level.COUNTY).order_by("code"))
    lists = {
        p.region_id: p
        for p in ProjectList.objects.visible_to(request.user)
        .filter(region__in=counties, year=period.year, quarter=period.quarter)
        .select_related("region")
        .annotate(first_submitted=Min("versions__submitted_at"))
    }
    counts: dict[str, int] = {}
    for code in (
        Project.objects.visible_to(request.user)
        .filter(region__in=counties)
        .active_between(first, last)
        .values_list("region_id", flat=True)
    ):
        counts[code] = counts.get(code, 0) + 1
    context["districts"] = [(c, lists.get(c.code), counts.get(c.code, 0)) for c in counties]
    return render(request, "reports/projects_overview.html", context)


def _years() -> range:
    year = timezone.localdate().year
    return range(year - 3, year + 1)


def project_create(request):
    found = require(request, "reports.projects")
    region = found.region
    if region is None or region.level_enum != Level.COUNTY:
        raise PermissionDenied("就业帮扶项目由县（区、市）登记。")
    form = ProjectForm(request.POST or None, user=request.user, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            project = services.create_project(request.user, region, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已登记项目“{project.name}”。")
            return redirect("reports:project_detail", project.pk)
    return render(request, "reports/project_form.html", {"form": form, "region": region})


def project_edit(request, pk: int):
    require(request, "reports.projects")
    project = get_object_or_404(Project.objects.visible_to(request.user), pk=pk)
    form = ProjectForm(request.POST or None, user=request.user, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_project(request.user, project, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("reports:project_detail", project.pk)
    return render(
        request, "reports/project_form.html", {"form": form, "project": project, "region": project.region}
    )


def project_detail(request, pk: int):
    found = require(request, "reports.view")
    project = get_object_or_404(
        Project.objects.visible_to(request.user).select_related("region", "location"), pk=pk
    )
    period = _period(request)
    first, last = quarter_window(project.region, period)
    workers = project.workers.all().order_by("-started_on", "id")
    active = ProjectWorker.objects.filter(project=project).active_between(first, last)
    shown = workers
    if request.GET.get("show") == "active":
        shown = active.order_by("-started_on", "id")
    elif request.GET.get("show") == "poverty":
        shown = active.filter(poverty_q()).order_by("-started_on", "id")
    ledger = dict(
        Person.objects.visible_to(request.user)
        .filter(id_number__in=[w.id_number for w in shown])
        .values_list("id_number", "pk")
    )
    in_ledger = set(
        Person.objects.filter(id_number__in=[w.id_number for w in shown]).values_list("id_number", flat=True)
    )
    can_edit = found.can("reports.projects") and is_own(request.user, project.region)
    form = WorkerForm(request.POST or None, initial={"started_on": timezone.localdate()})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("您没有执行此操作的权限。")
        if form.is_valid():
            try:
                services.add_worker(request.user, project, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"已添加{form.cleaned_data['name']}。")
                return redirect("reports:project_detail", project.pk)
    row = project_rows([project], first, last)[0]
    return render(
        request,
        "reports/project_detail.html",
        {
            "project": project,
            "period": period,
            "first": first,
            "last": last,
            "row": row,
            "workers": [(w, w.id_number in in_ledger, ledger.get(w.id_number)) for w in shown],
            "show": request.GET.get("show", ""),
            "form": form,
            "end_form": EndWorkerForm(initial={"ended_on": timezone.localdate()}),
            "can_edit": can_edit,
            "history": history(project),
        },
    )


@require_POST
def worker_end(request, pk: int):
    require(request, "reports.projects")
    worker = get_object_or_404(
        ProjectWorker.objects.visible_to(request.user).select_related("project"), pk=pk
    )
    form = EndWorkerForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写离岗日期")
        services.update_worker(request.user, worker, ended_on=form.cleaned_data["ended_on"])
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, f"已登记{worker.name}离岗。")
    return redirect("reports:project_detail", worker.project_id)


def _list_step(request, region, period: Period, action: str) -> str:
    user = request.user
    if action == "submit":
        form = ListSubmitForm(request.POST)
        if not form.is_valid():
            raise ValidationError(error_text(form))
        opened = _list(request, region, period) or services.open_project_list(user, region, period)
        version = services.submit_project_list(user, opened, **form.cleaned_data)
        return f"项目清单已报送（第{version.number}版），内容已冻结。"
    if action not in LIST_STEPS:
        raise Http404("没有这个操作")
    plist = _list(request, region, period)
    if plist is None and action == "review":
        plist = services.open_project_list(user, region, period)
    if plist is None:
        raise Http404("项目清单尚未建立")
    return decide(request, LIST_FLOW, plist, action)


@require_POST
def project_list_action(request, code: str, year: int, quarter: int, action: str):
    require(request, "reports.view")
    region = region_or_404(request, code)
    period = period_or_404(year, quarter)
    report_outcome(request, lambda: _list_step(request, region, period, action))
    return redirect(f"{_projects_url()}?region={code}&year={year}&quarter={quarter}")


def _projects_url() -> str:
    return reverse("reports:projects")


def _export(request, region, period: Period, rows, fmt: str, **header):
    if fmt not in ("xlsx", "pdf"):
        raise Http404("只能导出 xlsx 或 pdf")
    name = f"{region.name}{period.label}脱贫人口就业帮扶项目清单"
    if fmt == "pdf":
        try:
            content = pdf.project_list_pdf(form_header(region), rows, **header)
        except FontMissing as exc:
            messages.error(request, str(exc))
            return redirect(f"{_projects_url()}?region={region.code}")
        return download(request, content, PDF_CONTENT_TYPE, f"{name}.pdf", "reports.project_list", region)
    content = xlsx_layout.project_list_xlsx(form_header(region), rows, **header)
    return download(
        request, content, xlsx_layout.xlsx.XLSX_CONTENT_TYPE, f"{name}.xlsx", "reports.project_list", region
    )


def project_list_export(request, code: str, year: int, quarter: int, fmt: str):
    require(request, "reports.export")
    region = region_or_404(request, code)
    period = period_or_404(year, quarter)
    if region.level_enum != Level.COUNTY:
        raise Http404("项目清单按县（区、市）导出；市级请导出项目库")
    plist = _list(request, region, period)
    version = shown_version(request, plist)
    rows = district_rows(request, region, period, version)
    header: dict = {}
    if version is not None:
        header = {"filled_by": version.filled_by, "phone": version.phone, "filled_on": version.filled_on}
    elif plist is not None:
        header = {"filled_by": plist.filled_by, "phone": plist.phone, "filled_on": plist.filled_on}
    return _export(request, region, period, rows, fmt, **header)


def library_rows(request, city, period: Period) -> list[ProjectRow]:
    entries = (
        LibraryEntry.objects.visible_to(request.user)
        .filter(region=city)
        .select_related("project")
        .order_by("project__region_id", "project__started_on", "project_id")
    )
    return project_rows([e.project for e in entries], *quarter_window(city, period))


def library(request, code: str):
    found = require(request, "reports.view")
    city = region_or_404(request, code)
    if city.level_enum != Level.CITY:
        raise Http404("项目库由市级建立")
    period = _period(request)
    can_edit = found.can("reports.library") and is_own(request.user, city)
    if request.method == "POST":
        project = get_object_or_404(Project.objects.visible_to(request.user), pk=request.POST.get("project"))
        try:
            if request.POST.get("action") == "remove":
                entry = get_object_or_404(
                    LibraryEntry.objects.visible_to(request.user), region=city, project=project
                )
                services.remove_from_library(request.user, entry, request.POST.get("reason", ""))
                messages.success(request, f"已将“{project.name}”移出项目库。")
            else:
                form = LibraryForm(request.POST)
                if not form.is_valid():
                    raise ValidationError(error_text(form))
                services.add_to_library(request.user, city, project, form.cleaned_data["note"])
                messages.success(request, f"已将“{project.name}”选入项目库。")
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, "；".join(getattr(exc, "messages", [str(exc)])))
        return redirect(f"{request.path}?year={period.year}&quarter={period.quarter}")
    first, last = quarter_window(city, period)
    candidates = list(
        Project.objects.visible_to(request.user)
        .filter(Q(region__code__startswith=city.prefix))
        .active_between(first, last)
        .order_by("region_id", "started_on", "id")
    )
    selected = set(
        LibraryEntry.objects.visible_to(request.user).filter(region=city).values_list("project_id", flat=True)
    )
    rows = project_rows(candidates, first, last)
    return render(
        request,
        "reports/library.html",
        {
            "city": city,
            "period": period,
            "first": first,
            "last": last,
            "quarters": QUARTERS,
            "years": _years(),
            "rows": [(row, row.project_id in selected) for row in rows],
            "flag_header": FLAG_HEADER,
            "library": library_rows(request, city, period),
            "form_header": form_header(city),
            "can_edit": can_edit,
            "form": LibraryForm(),
        },
    )


def library_export(request, code: str, year: int, quarter: int, fmt: str):
    require(request, "reports.export")
    city = region_or_404(request, code)
    if city.level_enum != Level.CITY:
        raise Http404("项目库由市级建立")
    period = period_or_404(year, quarter)
    return _export(request, city, period, library_rows(request, city, period), fmt)
