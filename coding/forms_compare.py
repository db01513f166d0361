"""Forms of the constant comparison pages: a node's quotes filtered and grouped, the
search of a study's transcripts, and coding a search hit."""

from django import forms

from .quotes import GROUPINGS

ANY = [("", "Any")]


class QuoteFilterForm(forms.Form):
    role = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    site = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    vignette = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    coder = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    group = forms.ChoiceField(
        label="Group by", required=False,
        choices=[("", "No grouping"), *GROUPINGS.items()],
    )  # fmt: skip
    descendants = forms.BooleanField(
        label="With the segments of the nodes below it", required=False
    )

    def __init__(self, *args, choices: dict[str, list[tuple[int, str]]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, options in choices.items():
            self.fields[name].choices = ANY + [(str(pk), label) for pk, label in options]


class SearchForm(forms.Form):
    q = forms.CharField(label="Words", max_length=200, required=False)


class CodeHitForm(forms.Form):
    transcript = forms.IntegerField(min_value=1)
    start = forms.IntegerField(min_value=0)
    end = forms.IntegerField(min_value=0)
    node = forms.TypedChoiceField(label="Code with", coerce=int)
    q = forms.CharField(max_length=200, required=False)

    def __init__(self, *args, nodes: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = nodes
