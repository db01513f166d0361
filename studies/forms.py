from django import forms
from django.core.exceptions import ValidationError

from .models import (
    AttributeDefinition,
    AttributeKind,
    ClausePurpose,
    ConsentMethod,
    DataProtection,
    Membership,
    RecruitmentStatus,
    Role,
    Site,
    Study,
    WithdrawalChoice,
)


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
        fields = ["title", "description", "ethics_reference", "status", "target_dyads"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        help_text="Someone without an account gets an email inviting them to set a password."
    )
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.CODER)


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class SiteForm(forms.ModelForm):
    class Meta:
        model = Site
        fields = ["name", "borough", "target_dyads"]


class RoleForm(forms.ModelForm):
    class Meta:
        model = Role
        fields = ["code", "label", "support_text"]
        widgets = {"support_text": forms.Textarea(attrs={"rows": 6})}


class ContactFields(forms.Form):
    name = forms.CharField(max_length=200, required=False)
    email = forms.EmailField(required=False)
    phone = forms.CharField(max_length=40, required=False)


CONTACT_HELP = "Kept apart from the research data: only leads and consent admins can read it."


class ParticipantAddForm(ContactFields):
    role = forms.ModelChoiceField(queryset=Role.objects.none(), empty_label=None)
    site = forms.ModelChoiceField(queryset=Site.objects.none(), required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    field_order = ["role", "site", "name", "email", "phone", "note"]

    def __init__(self, *args, study: Study, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = study.roles.filter(recruitment=Role.Recruitment.FIRST)
        self.fields["site"].queryset = study.sites.all()
        for name in ("name", "email", "phone"):
            self.fields[name].help_text = CONTACT_HELP


class NominationForm(ContactFields):
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[c for c in RecruitmentStatus.choices if c[0] != RecruitmentStatus.WITHDRAWN]
    )
    on = forms.DateField(
        label="Date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="Leave empty for today.",
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


class LinkIssueForm(forms.Form):
    """A new personal link; `replace` is offered only while a link is live."""

    days = forms.IntegerField(
        min_value=1, max_value=365, required=False, label="Valid for (days)",
        help_text="Leave empty for 60 days.",
    )  # fmt: skip
    email_link = forms.BooleanField(required=False, label="Email it to the participant")
    replace = forms.BooleanField(
        required=False, label="The current link stops working at once",
        help_text="A page they have open through it can no longer save.",
    )  # fmt: skip

    def __init__(self, *args, live: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not live:
            del self.fields["replace"]


class AttributeForm(forms.Form):
    label = forms.CharField(max_length=120)
    help_text = forms.CharField(max_length=300, required=False)
    kind = forms.ChoiceField(choices=AttributeKind.choices)
    role = forms.ModelChoiceField(
        queryset=Role.objects.none(), required=False, empty_label="Every role", label="Asked of"
    )
    required = forms.BooleanField(required=False)
    choices = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="For choices: one option per line.",
    )
    min_value = forms.FloatField(required=False, label="Lowest value", help_text="For numbers.")
    max_value = forms.FloatField(required=False, label="Highest value", help_text="For numbers.")

    def __init__(self, *args, study: Study, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = study.roles.all()

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["choices"] = [line for line in data["choices"].splitlines() if line.strip()]
        return data

    @staticmethod
    def initial_for(attribute: AttributeDefinition) -> dict:
        return {
            "label": attribute.label,
            "help_text": attribute.help_text,
            "kind": attribute.kind,
            "role": attribute.role,
            "required": attribute.required,
            "choices": "\n".join(attribute.choices),
            "min_value": attribute.min_value,
            "max_value": attribute.max_value,
        }


class GroupsForm(forms.Form):
    """Groups for sample tables as text, one group a line: `label: low-high` for number
    bands (either end may be left open), `label: option; option` for merged choices."""

    groups = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False)

    def __init__(self, *args, attribute: AttributeDefinition, **kwargs):
        self.attribute = attribute
        super().__init__(*args, **kwargs)
        if attribute.kind == AttributeKind.NUMBER:
            self.fields["groups"].help_text = (
                "One band a line, as “label: lowest-highest”, e.g. “25 to 34: 25-34” or "
                "“55 and over: 55-”. Both ends are included."
            )
        else:
            self.fields["groups"].help_text = (
                "One group a line, as “label: option; option”, e.g. “Other: Mixed; Other”. "
                "Options left out keep their own row."
            )

    @staticmethod
    def text_for(attribute: AttributeDefinition) -> str:
        lines = []
        for group in attribute.groups:
            if attribute.kind == AttributeKind.NUMBER:
                label, low, high = group
                ends = ["" if end is None else f"{end:g}" for end in (low, high)]
                lines.append(f"{label}: {ends[0]}-{ends[1]}")
            else:
                lines.append(f"{group[0]}: {'; '.join(group[1])}")
        return "\n".join(lines)

    def clean_groups(self) -> list:
        groups = []
        for number, line in enumerate(self.cleaned_data["groups"].splitlines(), start=1):
            if not line.strip():
                continue
            label, colon, rest = line.rpartition(":")
            if not colon or not label.strip():
                raise ValidationError(f"Line {number}: write “label: …”.")
            if self.attribute.kind == AttributeKind.NUMBER:
                low, dash, high = rest.strip().partition("-")
                if not dash:
                    raise ValidationError(f"Line {number}: write the band as lowest-highest.")
                groups.append([label.strip(), low.strip() or None, high.strip() or None])
            else:
                options = [option.strip() for option in rest.split(";") if option.strip()]
                groups.append([label.strip(), options])
        return groups


def information_form_class(attributes: list[AttributeDefinition]) -> type[forms.Form]:
    """A form with one field per question, named attribute_<id>."""
    fields = {}
    for attribute in attributes:
        common = {
            "label": attribute.label,
            "required": False,  # required answers are checked by the service, with a message
            "help_text": attribute.help_text + (" (required)" if attribute.required else ""),
        }
        kind = attribute.kind
        if kind == AttributeKind.NUMBER:
            field = forms.CharField(
                widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common
            )
        elif kind == AttributeKind.SINGLE:
            choices = [("", "—")] + [(option, option) for option in attribute.choices]
            field = forms.ChoiceField(choices=choices, **common)
        elif kind == AttributeKind.MULTIPLE:
            field = forms.MultipleChoiceField(
                choices=[(option, option) for option in attribute.choices],
                widget=forms.CheckboxSelectMultiple,
                **common,
            )
        elif kind == AttributeKind.DATE:
            field = forms.CharField(
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), **common
            )
        else:
            field = forms.CharField(max_length=500, **common)
        fields[f"attribute_{attribute.pk}"] = field
    return type("InformationForm", (forms.Form,), fields)


class DataProtectionForm(forms.ModelForm):
    withdrawal_choices = forms.MultipleChoiceField(
        choices=WithdrawalChoice.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Choices open to a participant who withdraws",
    )

    class Meta:
        model = DataProtection
        fields = [
            "lawful_basis", "special_category_condition", "data_controller",
            "retention_audio_months", "retention_transcripts_months",
            "retention_consent_months", "withdrawal_choices", "withdrawal_cutoff",
        ]  # fmt: skip


class DocumentForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text="Plain text; leave a blank line between paragraphs.",
    )


class ClauseForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="Clause")
    governs = forms.ChoiceField(choices=ClausePurpose.choices, label="What it governs")
    required = forms.BooleanField(
        required=False, initial=True, label="Required to take part",
        help_text="Untick for clauses a participant may decline and still take part.",
    )  # fmt: skip


class PublishForm(forms.Form):
    requires_reconsent = forms.BooleanField(
        required=False,
        label="Everyone who consented to an earlier version must consent again",
    )


class InPersonConsentForm(forms.Form):
    """One yes/no field per clause (clause_<id>), then how and when consent was given."""

    method = forms.ChoiceField(
        choices=[
            (m.value, m.label)
            for m in ConsentMethod
            if m not in (ConsentMethod.ONLINE, ConsentMethod.IMPORTED)
        ]
    )
    signed_name = forms.CharField(max_length=200, label="Name as signed or stated")
    given_on = forms.DateField(
        label="Date of consent", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    witness = forms.CharField(max_length=200, required=False)
    scan = forms.FileField(required=False, help_text="The signed form as PDF, PNG or JPEG.")

    def __init__(self, *args, clauses, **kwargs):
        super().__init__(*args, **kwargs)
        self.clauses = clauses
        for clause in clauses:
            self.fields[f"clause_{clause.pk}"] = forms.TypedChoiceField(
                label=clause.text,
                choices=[("yes", "Yes"), ("no", "No")],
                coerce=lambda value: value == "yes",
                widget=forms.RadioSelect,
                help_text="Required to take part." if clause.required else "Optional.",
            )
        self.order_fields([f"clause_{c.pk}" for c in clauses])

    def answers(self) -> dict[int, bool]:
        return {clause.pk: self.cleaned_data[f"clause_{clause.pk}"] for clause in self.clauses}


# The consent form is the same for every participant; one who answers online in writing
# would otherwise wonder why they are asked about recording.
RECORDING_ONLINE = (
    "If you take part online, in writing, nothing is recorded: this asks in case you also "
    "take part in an interview, which is recorded only if you agree here."
)


class OnlineConsentForm(forms.Form):
    """What a participant sees: one unticked box per clause, then their typed name."""

    signed_name = forms.CharField(
        max_length=200,
        label="Your full name",
        help_text="Typing your name here and pressing “I agree” signs this form.",
    )

    def __init__(self, *args, clauses, **kwargs):
        kwargs.setdefault("label_suffix", "")  # participants read sentences, not field names
        super().__init__(*args, **kwargs)
        self.clauses = clauses
        for clause in clauses:
            field = forms.BooleanField(
                label=clause.text,
                required=False,  # the service refuses an unticked required clause, with reasons
                help_text=" ".join(
                    ["Needed to take part." if clause.required else "Optional."]
                    + ([RECORDING_ONLINE] if clause.governs == ClausePurpose.RECORDING else [])
                ),
            )
            field.widget.attrs["data-required-clause"] = "true" if clause.required else "false"
            self.fields[f"clause_{clause.pk}"] = field
        self.order_fields([*(f"clause_{c.pk}" for c in clauses), "signed_name"])

    def answers(self) -> dict[int, bool]:
        return {clause.pk: self.cleaned_data[f"clause_{clause.pk}"] for clause in self.clauses}


class WithdrawalForm(forms.Form):
    choice = forms.ChoiceField(widget=forms.RadioSelect, label="What should happen to the data")
    confirm = forms.BooleanField(
        label="I understand that this cannot be undone.",
        error_messages={"required": "Tick the box to confirm."},
    )

    def __init__(self, *args, choices: list[str], team: bool = False, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [(c, WithdrawalChoice(c).label) for c in choices]
        if team:
            self.fields["dyad_note"] = forms.CharField(
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                label="What happens to their dyad",
                help_text="The partner's data is not touched; note what the team decided.",
            )
