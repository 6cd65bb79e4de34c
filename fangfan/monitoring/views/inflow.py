"""Workers from other provinces (吸纳中西部脱贫人口): registered by the host, counted against its target."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.db.models.functions import Substr
from django.shortcuts import redirect, render

from fangfan.core.pagination import keyset_page
from fangfan.employment import ledger
from fangfan.employment.models import MonthlyRecord
from fangfan.regions.names import township_village_names
from fangfan.registry.models import Person

from .. import services
from ..forms import InflowForm
from .common import chosen_region, policy


def inflow_people(user, region):
    return (
        Person.objects.visible_to(user)
        .in_region(region)
        .filter(origin__isnull=False)
        .annotate(home=Substr("village_id", 1, 2), from_province=Substr("origin_id", 1, 2))
        .filter(~Q(from_province=F("home")))
    )


def inflow_list(request):
    found = policy(request, "monitoring.view")
    region = chosen_region(request)
    qs = inflow_people(request.user, region).select_related("origin")
    page = keyset_page(qs, request.GET.get("after"))
    working = set(
        MonthlyRecord.objects.filter(person__in=page.items, month=ledger.horizon()).values_list(
            "person_id", flat=True
        )
    )
    return render(
        request,
        "monitoring/inflow_list.html",
        {
            "region": region,
            "page": page,
            "total": qs.count(),
            "working": working,
            "places": township_village_names(p.village_id for p in page.items),
            "can_register": found.can("monitoring.inflow"),
        },
    )


def inflow_register(request):
    policy(request, "monitoring.inflow")
    form = InflowForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.register_inflow(request.user, person=form.person(), spell=form.spell())
        except ValidationError as exc:
            for field, errors in (
                exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
            ):
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"已登记外省来本地务工人员{person.name}。")
            return redirect("registry:person_detail", pk=person.pk)
    return render(request, "monitoring/inflow_form.html", {"form": form})
