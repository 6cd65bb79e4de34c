from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from fangfan.accounts.policy import require
from fangfan.audit import services as audit
from fangfan.audit.models import AccessAction, AuditEvent
from fangfan.audit.presentation import present
from fangfan.core.pagination import bounded_count, keyset_page
from fangfan.regions.names import township_village_names

from . import exporting, services
from .choices import HouseholdType, LabourCapacity, MonitoringCategory
from .filters import PersonFilter
from .forms import HeadForm, HouseholdForm, LeaveForm, PersonForm
from .idnumber import age_on
from .models import Household, Person
from .sections import sections_for

# The list counts exactly up to this many people inline; above it, the exact count loads after the page.
EXACT_COUNT_LIMIT = 10_000


def person_list(request):
    policy = require(request, "registry.view")
    person_filter = PersonFilter.from_query(request.user, request.GET)
    qs = person_filter.apply(Person.objects.visible_to(request.user))
    page = keyset_page(qs.select_related("household"), request.GET.get("after"))
    total, capped = bounded_count(qs, EXACT_COUNT_LIMIT)
    context = {
        "filter": person_filter,
        "page": page,
        "total": total,
        "total_capped": capped,
        "places": township_village_names(p.village_id for p in page.items),
        "can_edit": policy.can("registry.edit"),
        "can_import": policy.can("registry.import"),
        "can_export": policy.can("registry.export"),
        "can_unmask": policy.can("registry.unmask"),
        "household_types": HouseholdType.choices,
        "monitoring_categories": MonitoringCategory.choices,
        "labour_capacities": LabourCapacity.choices,
    }
    template = (
        "registry/_person_results.html"
        if request.htmx and request.htmx.target == "results"
        else "registry/person_list.html"
    )
    return render(request, template, context)


def person_count(request):
    """The exact number of people the list's filters select, for a list too long to count inline."""
    require(request, "registry.view")
    person_filter = PersonFilter.from_query(request.user, request.GET)
    total = person_filter.apply(Person.objects.visible_to(request.user)).count()
    return render(request, "registry/_person_count.html", {"total": total})


def person_detail(request, pk: int):
    policy = require(request, "registry.view")
    person = get_object_or_404(
        Person.objects.visible_to(request.user).select_related("household", "village"), pk=pk
    )
    members = []
    if person.household_id:
        members = list(
            Person.objects.visible_to(request.user)
            .filter(household_id=person.household_id)
            .order_by("birth_date")
        )
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "members": members,
            "trail": person.village.ancestors(include_self=True),
            "sections": sections_for(request, person),
            "can_edit": policy.can("registry.edit"),
            "can_unmask": policy.can("registry.unmask"),
            "age": age_on(person.birth_date, timezone.localdate()),
        },
    )


def person_history(request, pk: int):
    require(request, "registry.view")
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    events = AuditEvent.objects.filter(object_type="registry.person", object_id=str(person.pk))
    if person.household_id:
        events = events | AuditEvent.objects.filter(
            object_type="registry.household", object_id=str(person.household_id)
        )
    return render(request, "audit/_events.html", {"events": present(events.order_by("-at", "-id")[:200])})


@require_POST
def person_unmask(request, pk: int):
    require(request, "registry.unmask")
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    audit.log_access(
        request.user,
        AccessAction.UNMASK,
        object_type="registry.person",
        object_id=str(person.pk),
        region_id=person.village_id,
        detail={"fields": ["id_number", "phone"]},
        request=request,
    )
    return render(request, "registry/_person_identity.html", {"person": person, "unmasked": True})


def person_create(request, household_pk: int | None = None):
    require(request, "registry.edit")
    household = None
    if household_pk:
        household = get_object_or_404(Household.objects.visible_to(request.user), pk=household_pk)
    initial = {"village": household.village_id} if household else {}
    form = PersonForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(request.user, household=household, **form.cleaned_data)
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, f"已登记{person.name}。")
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/person_form.html", {"form": form, "household": household})


def person_edit(request, pk: int):
    policy = require(request, "registry.edit")
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    unmasked = policy.can("registry.unmask")
    form = PersonForm(request.POST or None, user=request.user, instance=person, unmasked=unmasked)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(request.user, person, **form.cleaned_data)
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, "已保存。")
            return redirect("registry:person_detail", pk=person.pk)
    if unmasked:
        # The form holds the full ID number and phone: like any unmask, that is logged.
        audit.log_access(
            request.user,
            AccessAction.UNMASK,
            object_type="registry.person",
            object_id=str(person.pk),
            region_id=person.village_id,
            detail={"fields": ["id_number", "phone"], "page": "edit"},
            request=request,
        )
    return render(
        request, "registry/person_form.html", {"form": form, "person": person, "unmasked": unmasked}
    )


def person_leave(request, pk: int):
    require(request, "registry.edit")
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=pk)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.mark_left(
            request.user, person, form.cleaned_data["left_on"], form.cleaned_data["left_reason"]
        )
        messages.success(request, f"已将{person.name}标记为减少。")
        return redirect("registry:person_detail", pk=person.pk)
    return render(request, "registry/person_leave.html", {"form": form, "person": person})


def household_detail(request, pk: int):
    policy = require(request, "registry.view")
    household = get_object_or_404(
        Household.objects.visible_to(request.user).select_related("village", "head"), pk=pk
    )
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "members": Person.objects.visible_to(request.user)
            .filter(household=household)
            .order_by("birth_date"),
            "trail": household.village.ancestors(include_self=True),
            "can_edit": policy.can("registry.edit"),
        },
    )


def household_head(request, pk: int):
    require(request, "registry.edit")
    household = get_object_or_404(Household.objects.visible_to(request.user).select_related("head"), pk=pk)
    members = Person.objects.visible_to(request.user).filter(household=household, left_on__isnull=True)
    form = HeadForm(
        request.POST or None, members=members.order_by("birth_date"), initial={"head": household.head_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_head(
                request.user, household, form.cleaned_data["head"], form.cleaned_data["previous_relation"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"户主已更换为{form.cleaned_data['head'].name}。")
            return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/household_head.html", {"form": form, "household": household})


def household_form(request, pk: int | None = None):
    require(request, "registry.edit")
    household = get_object_or_404(Household.objects.visible_to(request.user), pk=pk) if pk else None
    form = HouseholdForm(request.POST or None, user=request.user, instance=household)
    if request.method == "POST" and form.is_valid():
        try:
            if household:
                services.update_household(request.user, household, **form.cleaned_data)
            else:
                household = services.create_household(request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, "已保存。")
            return redirect("registry:household_detail", pk=household.pk)
    return render(request, "registry/household_form.html", {"form": form, "household": household})


def person_export(request):
    policy = require(request, "registry.export")
    person_filter = PersonFilter.from_query(request.user, request.GET)
    unmasked = request.GET.get("full") == "1" and policy.can("registry.unmask")
    qs = person_filter.apply(Person.objects.visible_to(request.user))
    content, count = exporting.people_xlsx(qs, unmasked=unmasked)
    audit.log_access(
        request.user,
        AccessAction.EXPORT,
        object_type="registry.person",
        region_id=person_filter.region.code if person_filter.region else policy.user.region_id,
        detail={"filter": person_filter.describe(), "rows": count, "unmasked": unmasked},
        request=request,
    )
    response = HttpResponse(content, content_type=exporting.XLSX_CONTENT_TYPE)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{exporting.quote(f'脱贫人口台账-{stamp}.xlsx')}"
    )
    return response
