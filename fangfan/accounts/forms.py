from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError

from fangfan.accounts.policy import ScopePolicy
from fangfan.core.forms import apply_errors
from fangfan.regions.fields import PickedRegionField

from .models import User


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxInput):
            field.widget.attrs.setdefault("class", "form-check-input")
        elif not isinstance(field.widget, forms.HiddenInput):
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class PasswordFields(forms.Form):
    password1 = forms.CharField(
        label="新密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label="再次输入新密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )

    def clean_password2(self) -> str:
        password = self.cleaned_data["password2"]
        if self.cleaned_data.get("password1") and password != self.cleaned_data["password1"]:
            raise ValidationError("两次输入的密码不一致")
        return password


class PasswordResetForm(PasswordFields):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)

    def apply_errors(self, error: ValidationError) -> None:
        """The password rules speak of the new password."""
        self.add_error("password1", error.messages)


class UserForm(forms.ModelForm):
    """An account's name, role, region, organisation and phone (and, on an existing one, whether it is
    active). The roles offered are those the actor may give; the region comes from the picker."""

    region = PickedRegionField(label="管辖区域")

    class Meta:
        model = User
        fields = ["full_name", "role", "region", "organisation", "phone", "is_active"]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region"]
        assert isinstance(region, PickedRegionField)
        region.user = actor
        role = self.fields["role"]
        assert isinstance(role, forms.TypedChoiceField)
        role.choices = [(r.value, r.label) for r in ScopePolicy.of(actor).assignable_roles()]
        if self.instance.pk:
            self.initial["region"] = self.instance.region_id or ""
        _style(self)

    def _post_clean(self) -> None:
        """The service validates and saves; the instance stays as it was until then."""

    def apply_errors(self, error: Any) -> None:
        apply_errors(self, error)


class NewUserForm(UserForm, PasswordFields):
    username = forms.CharField(
        label="用户名",
        max_length=150,
        help_text="登录用，字母、数字或 @.+-_",
        validators=[UnicodeUsernameValidator(message="用户名只能包含字母、数字和 @.+-_")],
    )

    class Meta(UserForm.Meta):
        fields = ["username", "full_name", "role", "region", "organisation", "phone"]

    field_order = ["username", "full_name", "role", "organisation", "phone", "password1", "password2"]
