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
    """The researcher's choices after the preview (the importer's `choices`, see
    analysis/refi/importer.py); the importer checks them again."""

    title = forms.CharField(max_length=200, required=False, label="The new study's title")
    merge = forms.ChoiceField(
        label="Match the file's codes to this study's codebook",
        widget=forms.RadioSelect,
    )  # fmt: skip
    role_variable = forms.ChoiceField(
        required=False, label="Which variable holds each participant's role",
        help_text="Its values must name the study's roles (a code such as MHW, or the "
                  "role's name).",
    )  # fmt: skip
    default_role = forms.ChoiceField(
        required=False, label="Role of the participants the file gives none"
    )
    consent_confirmed = forms.BooleanField(
        required=False, label="Everyone in this file consented to take part in this study",
        help_text="Their consent was taken outside Vignette Lab; it is recorded as such, "
                  "dated below, for each new participant.",
    )  # fmt: skip
    consent_date = forms.DateField(
        required=False, label="Consent given on (or before)",
        widget=forms.DateInput(attrs={"type": "date"}),
    )  # fmt: skip
    quotation_agreed = forms.BooleanField(
        required=False, label="They also agreed to be quoted",
        help_text="Leave unticked unless every one of them agreed: quotes reports leave "
                  "out anyone who did not.",
    )  # fmt: skip

    def __init__(self, *args, report: dict, new_study: bool, **kwargs):
        super().__init__(*args, **kwargs)
        merge = report.get("merge", {})

        def counted(way: str) -> str:
            numbers = merge.get(way, {})
            return f"({numbers.get('create', 0)} new, {numbers.get('match', 0)} matched)"

        self.fields["merge"].choices = [
            ("guid", f"The same code by its identifier, else by name {counted('guid')}"),
            ("name", f"A code of the same name under the same parent {counted('name')}"),
        ]
        self.fields["merge"].initial = "guid"
        self.fields["role_variable"].choices = [("", "None")] + [
            (v["guid"], v["name"]) for v in report.get("variables", [])
        ]
        self.fields["role_variable"].initial = report.get("role_variable") or ""
        self.fields["default_role"].choices = [("", "A new role, Participant (P)")] + [
            (role["code"], f"{role['label']} ({role['code']})") for role in report.get("roles", [])
        ]
        if new_study:
            del self.fields["merge"]
            self.fields["title"].required = True
            self.fields["title"].initial = report.get("title", "")
        else:
            del self.fields["title"]
        if report.get("format") == "codebook":
            del self.fields["role_variable"], self.fields["default_role"]
        if not report.get("needs_consent"):
            for name in ("consent_confirmed", "consent_date", "quotation_agreed"):
                del self.fields[name]

    def choices(self) -> dict:
        data = {name: value for name, value in self.cleaned_data.items() if value != ""}
        if data.get("consent_date"):
            data["consent_date"] = data["consent_date"].isoformat()
        return data
