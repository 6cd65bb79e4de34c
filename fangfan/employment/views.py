from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from fangfan.accounts.policy import ScopePolicy
from fangfan.registry.models import Person

from . import services
from .forms import EndForm, SpellForm
from .models import Employment


def _back(person_pk: int) -> str:
    return reverse("registry:person_detail", args=[person_pk]) + "#tab-employment"


def _spell(request, pk: int) -> Employment:
    ScopePolicy.of(request.user).require("employment.edit")
    return get_object_or_404(Employment.objects.visible_to(request.user).select_related("person"), pk=pk)


def spell_create(request, person_pk: int):
    ScopePolicy.of(request.user).require("employment.edit")
    person = get_object_or_404(Person.objects.visible_to(request.user), pk=person_pk)
    form = SpellForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_spell(request.user, person, **form.cleaned_data)
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, "已新增务工记录，各月统计已更新。")
            return redirect(_back(person.pk))
    return render(request, "employment/spell_form.html", {"form": form, "person": person})


def spell_edit(request, pk: int):
    spell = _spell(request, pk)
    form = SpellForm(request.POST or None, instance=spell)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_spell(request.user, spell, **form.cleaned_data)
        except ValidationError as exc:
            form.apply_errors(exc)
        else:
            messages.success(request, "已保存，各月统计已更新。")
            return redirect(_back(spell.person_id))
    return render(
        request, "employment/spell_form.html", {"form": form, "person": spell.person, "spell": spell}
    )


def spell_end(request, pk: int):
    spell = _spell(request, pk)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_spell(request.user, spell, form.cleaned_data["end"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, "已登记离岗。")
            return redirect(_back(spell.person_id))
    return render(request, "employment/spell_end.html", {"form": form, "spell": spell})


@require_POST
def spell_delete(request, pk: int):
    spell = _spell(request, pk)
    person_pk = spell.person_id
    try:
        services.delete_spell(request.user, spell)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已删除务工记录。")
    return redirect(_back(person_pk))
