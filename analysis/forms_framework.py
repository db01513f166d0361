"""Forms of the framework pages: a framework (name, case type, themes) and one cell's
summary. The services check everything again; these only turn fields into arguments."""

from django import forms

from .models import NAME_MAX_CHARS, SUMMARY_MAX_CHARS, CaseType


class FrameworkForm(forms.Form):
    name = forms.CharField(max_length=NAME_MAX_CHARS)
    cases = forms.ChoiceField(
        choices=CaseType.choices, initial=CaseType.PARTICIPANTS, widget=forms.RadioSelect,
        label="Rows", help_text="Summaries are written per case, so this cannot change later.",
    )  # fmt: skip
    themes = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple, label="Columns: themes",
        help_text="Codebook nodes, in codebook order.",
    )  # fmt: skip
    below = forms.BooleanField(
        required=False, initial=True, label="Each theme with everything below it",
        help_text="A cell then shows the segments of the theme's categories and codes too.",
    )  # fmt: skip

    def __init__(self, *args, rows: list, **kwargs):
        """`rows`: the codebook in tree order (coding.themes.table_rows)."""
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [
            (row.node.pk, "– " * row.depth + f"{row.node.name} ({row.node.get_kind_display()})")
            for row in rows
        ]
        self.order = [row.node.pk for row in rows]

    def service_arguments(self) -> dict:
        chosen = {int(pk) for pk in self.cleaned_data["themes"]}
        below = self.cleaned_data["below"]
        return {
            "name": self.cleaned_data["name"],
            "cases": self.cleaned_data["cases"],
            "themes": [{"node": pk, "below": below} for pk in self.order if pk in chosen],
        }


class SummaryForm(forms.Form):
    text = forms.CharField(
        required=False, max_length=SUMMARY_MAX_CHARS, label="Summary",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="In your words, what this case says on this theme; quote sparingly.",
    )  # fmt: skip
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
