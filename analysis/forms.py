"""The matrix query form: what the rows are (nodes of the codebook, each with or
without everything below it), what the columns are, the measure and the filters.
The service checks everything again; this form only turns fields into its arguments."""

import re

from django import forms

from studies.models import AttributeDefinition, Membership, Role, Site

from .models import Columns, Measure, QueryKind, Scope

_BAND = re.compile(
    r"^\s*(?P<label>[^:]+?)\s*:\s*(?P<min>-?\d+(?:\.\d+)?)?\s*(?:-|–|to)\s*(?P<max>-?\d+(?:\.\d+)?)?\s*$"
)


def bands_text(bands: list[dict]) -> str:
    """Bands as the form shows them, one a line: "Under 30: –30", "30 to 44: 30–45"."""

    def number(value) -> str:
        return "" if value is None else f"{value:g}"

    return "\n".join(f"{b['label']}: {number(b['min'])}–{number(b['max'])}" for b in bands)


class MatrixQueryForm(forms.Form):
    name = forms.CharField(max_length=120)
    kind = forms.ChoiceField(choices=QueryKind.choices, initial=QueryKind.MATRIX)
    columns = forms.ChoiceField(choices=Columns.choices, initial=Columns.ROLE,
                                help_text="For a matrix: what the columns are.")  # fmt: skip
    attribute = forms.ModelChoiceField(
        queryset=AttributeDefinition.objects.none(), required=False,
        label="Information-form question", help_text="When the columns are a question's answers.",
    )  # fmt: skip
    bands = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For a number question: one band a line, “label: from–to” (from included, "
                  "to not; leave the first from or the last to empty for an open end).",
    )  # fmt: skip
    measure = forms.ChoiceField(choices=Measure.choices, initial=Measure.SEGMENTS)
    scope = forms.ChoiceField(
        choices=Scope.choices, initial=Scope.OVERLAP,
        help_text="For co-occurrence: where two codes count as together.",
    )  # fmt: skip
    sites = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    roles = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    modes = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple,
        choices=[("online", "Online"), ("in_person", "In person")],
    )  # fmt: skip
    coders = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    coded_from = forms.DateField(required=False, label="Coded from",
                                 widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    coded_to = forms.DateField(required=False, label="Coded until",
                               widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip

    def __init__(self, *args, study, nodes: list, depths: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.nodes, self.depths = nodes, depths
        self.fields["attribute"].queryset = AttributeDefinition.objects.filter(
            study=study, kind__in=["single", "multiple", "number"]
        )
        self.fields["sites"].choices = [(s.pk, s.name) for s in Site.objects.filter(study=study)]
        self.fields["roles"].choices = [
            (r.pk, f"{r.label} ({r.code})") for r in Role.objects.filter(study=study)
        ]
        members = Membership.objects.filter(study=study).select_related("user")
        self.fields["coders"].choices = [(m.user_id, m.user.get_username()) for m in members]
        for node in nodes:
            self.fields[f"row_{node.pk}"] = forms.BooleanField(required=False, label=node.name)
            self.fields[f"below_{node.pk}"] = forms.BooleanField(
                required=False, label="with everything below"
            )

    @classmethod
    def initial_from(cls, query) -> dict:
        initial = {
            "name": query.name, "kind": query.kind, "columns": query.columns,
            "attribute": query.attribute_id, "bands": bands_text(query.bands),
            "measure": query.measure, "scope": query.scope, **query.filters,
        }  # fmt: skip
        for row in query.rows:
            initial[f"row_{row['node']}"] = True
            initial[f"below_{row['node']}"] = row.get("below", False)
        return initial

    def row_fields(self):
        """(node, its row checkbox, its "below" checkbox, its depth) in codebook order."""
        return [
            (node, self[f"row_{node.pk}"], self[f"below_{node.pk}"], self.depths[node.pk])
            for node in self.nodes
        ]

    def clean_bands(self) -> list[dict]:
        bands = []
        for number, line in enumerate((self.cleaned_data.get("bands") or "").splitlines(), 1):
            if not line.strip():
                continue
            match = _BAND.match(line)
            if match is None:
                raise forms.ValidationError(
                    f"Line {number}: write a band as “label: from–to”, e.g. “Under 30: –30”."
                )
            low, high = match["min"], match["max"]
            bands.append({
                "label": match["label"],
                "min": None if low is None else float(low),
                "max": None if high is None else float(high),
            })  # fmt: skip
        return bands

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        filters = {
            "sites": [int(pk) for pk in data["sites"]],
            "roles": [int(pk) for pk in data["roles"]],
            "modes": list(data["modes"]),
            "coders": [int(pk) for pk in data["coders"]],
            "coded_from": data["coded_from"].isoformat() if data["coded_from"] else "",
            "coded_to": data["coded_to"].isoformat() if data["coded_to"] else "",
        }
        rows = [
            {"node": node.pk, "below": bool(data.get(f"below_{node.pk}"))}
            for node in self.nodes
            if data.get(f"row_{node.pk}")
        ]
        return {
            "name": data["name"], "kind": data["kind"], "columns": data["columns"],
            "attribute": data["attribute"], "bands": data["bands"], "measure": data["measure"],
            "scope": data["scope"], "rows": rows,
            "filters": {key: value for key, value in filters.items() if value},
        }  # fmt: skip
