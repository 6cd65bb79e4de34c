from django import forms

from .models import FindingStatus


class ReviewForm(forms.Form):
    status = forms.ChoiceField(
        label="核实结论", choices=FindingStatus.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    verdict = forms.CharField(
        label="核实意见",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        help_text="写明核实的经过和依据；结论为属实、不属实或已整改时必填。",
    )


def rule_form(model):
    """A form over a rule model's own fields (not its region)."""
    from .rulebook import rule_fields

    names = [f.name for f in rule_fields(model)]
    form_class = forms.modelform_factory(model, fields=names)

    class RuleForm(form_class):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in self.fields.values():
                field.widget.attrs.setdefault("class", "form-control")

        def _post_clean(self):
            """The service validates and saves; the form only parses."""

    return RuleForm
