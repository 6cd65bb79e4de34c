from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError


def apply_errors(form: forms.BaseForm, error: ValidationError | PermissionDenied) -> None:
    """Put a service's error on the matching fields of the form, or on the form itself."""
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    elif isinstance(error, ValidationError):
        form.add_error(None, error.messages)
    else:
        form.add_error(None, str(error) or "您没有执行此操作的权限。")
