"""The forms of the exports and imports page: what to export (each kind with its own
choices), a REFI-QDA file to import, and the choices that confirm an import after its
preview. The builders and the importer check everything again when the job runs."""

from django import forms

from .models import JobKind

EXPORT_KINDS = [(kind.value, kind.label) for kind in JobKind if kind != JobKind.IMPORT]


class ExportForm(forms.Form):
    kind = forms.ChoiceField(choices=EXPORT_KINDS, widget=forms.HiddenInput)
    audio = forms.BooleanField(
        required=False, label="Include the recordings",
        help_text="Interviews with a recording go out as audio with the transcript in step "
                  "with it, so a desktop tool plays the passage you read.",
    )  # fmt: skip
    nodes = forms.MultipleChoiceField(
        required=False, label="Themes", widget=forms.CheckboxSelectMultiple,
        help_text="The themes whose quotes the report gives.",
    )  # fmt: skip
    below = forms.BooleanField(
        required=False, initial=True, label="With their sub-themes and codes"
    )
    roles = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Only these roles",
        help_text="Leave all unticked for everyone.",
    )  # fmt: skip
    order = forms.ChoiceField(
        choices=[("role", "By role"), ("transcript", "By transcript")], initial="role",
        required=False, label="Order the quotes",
    )  # fmt: skip
    query = forms.ChoiceField(required=False, label="Matrix to include")

    def __init__(self, *args, nodes: list, depths: dict[int, int], roles, queries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nodes"].choices = [(node.pk, node.name) for node in nodes]
        self.depths = [depths.get(node.pk, 0) for node in nodes]
        self.fields["roles"].choices = [(role.pk, role.label) for role in roles]
        self.fields["query"].choices = [("", "No matrix")] + [(q.pk, q.name) for q in queries]

    def node_boxes(self) -> list:
        """(checkbox, depth) of each node in codebook order, to indent the tree."""
        return list(zip(self["nodes"], self.depths, strict=True))

    def clean(self):
        data = super().clean()
        if data.get("kind") == JobKind.QUOTES and not data.get("nodes"):
            self.add_error("nodes", "Choose at least one theme.")
        return data

    def options(self) -> dict:
        """The job's options for the chosen kind (see the builders' docstrings)."""
        data, kind = self.cleaned_data, self.cleaned_data["kind"]
        if kind == JobKind.PROJECT:
            return {"audio": data["audio"]}
        if kind == JobKind.QUOTES:
            return {
                "nodes": [int(pk) for pk in data["nodes"]], "below": data["below"],
                "roles": [int(pk) for pk in data["roles"]], "order": data["order"] or "role",
            }  # fmt: skip
        if kind == JobKind.PACK:
            return {"query": int(data["query"]) if data["query"] else None}
        return {}


class ImportForm(forms.Form):
    file = forms.FileField(
        label="REFI-QDA file",
        help_text="A project (.qdpx) or a codebook (.qdc) exported from NVivo, ATLAS.ti, "
                  "MAXQDA, QualCoder, Taguette or Vignette Lab.",
        widget=forms.ClearableFileInput(attrs={"accept": ".qdpx,.qdc,.zip,.xml"}),
    )  # fmt: skip


class ImportConfirmForm(forms.Form):
    """The researcher's choices after the preview (the importer's `choices`)."""

    title = forms.CharField(max_length=200, required=False, label="The new study's title")
    role_variable = forms.ChoiceField(
        required=False, label="Which variable holds each case's role",
        help_text="Its values become the study's roles (worker, service user, ...).",
    )  # fmt: skip
    merge = forms.ChoiceField(
        choices=[("guid", "The same code (by its REFI-QDA identifier), else by name"),
                 ("name", "A code of the same name under the same parent")],
        initial="guid", label="Match the file's codes to this study's codebook by",
    )  # fmt: skip
    consent_confirmed = forms.BooleanField(
        label="Everyone in this file consented to take part in this study",
        help_text="Their consent was taken outside Vignette Lab; it is recorded as such, "
                  "dated below, for each new participant.",
    )  # fmt: skip
    consent_date = forms.DateField(
        label="Consent given on (or before)", widget=forms.DateInput(attrs={"type": "date"})
    )
    quotation_agreed = forms.BooleanField(
        required=False, label="They also agreed to be quoted",
        help_text="Leave unticked unless every one of them agreed: quotes reports leave "
                  "out anyone who did not.",
    )  # fmt: skip

    def __init__(self, *args, report: dict, new_study: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_study = new_study
        variables = [v.get("name", "") for v in report.get("variables", [])]
        self.fields["role_variable"].choices = [("", "None: I will set roles later")] + [
            (name, name) for name in variables
        ]
        self.fields["role_variable"].initial = report.get("role_variable") or ""
        if new_study:
            del self.fields["merge"]
            self.fields["title"].required = True
            self.fields["title"].initial = report.get("title", "")
        else:
            del self.fields["title"]
        if report.get("format") == "codebook":
            for name in ("role_variable", "consent_confirmed", "consent_date", "quotation_agreed"):
                del self.fields[name]

    def choices(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("consent_date"):
            data["consent_date"] = data["consent_date"].isoformat()
        return data
