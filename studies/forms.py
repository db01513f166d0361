from django import forms
from django.core.exceptions import ValidationError

from .models import Membership, Study


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Shows a service's ValidationError on the form: on its fields where it names
    them, otherwise above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class StudyCreateForm(forms.ModelForm):
    class Meta:
        model = Study
        fields = ["title", "description", "ethics_reference"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class StudyEditForm(forms.ModelForm):
    class Meta:
        model = Study
        fields = ["title", "description", "ethics_reference", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        help_text="Someone without an account gets an email inviting them to set a password."
    )
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.CODER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)
