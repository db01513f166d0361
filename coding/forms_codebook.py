"""Forms of the codebook, trail, memo and thematic table pages. They check the shape of
what was posted; the services decide whether it may happen."""

from django import forms

from .models import NAME_MAX_CHARS, CodebookEventKind, MemoKind, NodeKind
from .services import SEGMENTS_DELETE, SEGMENTS_TO_PARENT, TEXT_MAX_CHARS

TOP = "top"
WHY_HELP = "Kept in the analytic trail with your name."


class ColourInput(forms.TextInput):
    input_type = "color"


def _version() -> forms.IntegerField:
    # The version the person saw: a change made since is refused, not overwritten.
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _why(required: bool = False, label: str = "Why (optional)") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=2000, help_text=WHY_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


def _text(label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=TEXT_MAX_CHARS, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


NAMED = {"required": "Give the node a name."}


class NodeCreateForm(forms.Form):
    name = forms.CharField(max_length=NAME_MAX_CHARS, error_messages=NAMED)
    kind = forms.ChoiceField(choices=NodeKind.choices, initial=NodeKind.CODE)
    parent = forms.ChoiceField(label="Under", required=False)
    colour = forms.CharField(initial="#4e79a7", max_length=7, widget=ColourInput)

    def __init__(self, *args, parents: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [(TOP, "The top of the codebook"), *parents]


class NodeEditForm(forms.Form):
    version = _version()
    name = forms.CharField(max_length=NAME_MAX_CHARS, error_messages=NAMED)
    kind = forms.ChoiceField(choices=NodeKind.choices)
    colour = forms.CharField(max_length=7, widget=ColourInput)
    definition = _text("Definition", "What the node means, in a sentence or two.")
    when_to_use = _text("When to use")
    when_not_to_use = _text("When not to use")
    example = _text("Example", "A passage this node fits well.")
    why = _why()


class NodeMoveForm(forms.Form):
    version = _version()
    parent = forms.ChoiceField(label="Move under")
    why = _why()

    def __init__(self, *args, parents: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [(TOP, "The top of the codebook"), *parents]


class NodeReorderForm(forms.Form):
    version = _version()
    direction = forms.ChoiceField(choices=[("up", "Up"), ("down", "Down")])


class NodeMergeForm(forms.Form):
    version = _version()
    target = forms.ChoiceField(label="Merge into")
    why = _why(required=True, label="Why merge them")

    def __init__(self, *args, targets: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "Choose a node"), *targets]


class NodeSplitForm(forms.Form):
    version = _version()
    segments = forms.MultipleChoiceField(
        label="Segments that go to the new node", widget=forms.CheckboxSelectMultiple
    )
    name = forms.CharField(label="Name of the new node", max_length=NAME_MAX_CHARS)
    why = _why()

    def __init__(self, *args, segments: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segments"].choices = segments


class NodeDeleteForm(forms.Form):
    version = _version()
    segments = forms.ChoiceField(
        label="Its segments",
        choices=[
            (SEGMENTS_TO_PARENT, "Move them to its parent"),
            (SEGMENTS_DELETE, "Delete them"),
        ],
        widget=forms.RadioSelect,
        initial=SEGMENTS_TO_PARENT,
    )
    why = _why()


class TrailFilterForm(forms.Form):
    node = forms.ChoiceField(label="Node", required=False)
    kind = forms.ChoiceField(
        label="Change", required=False,
        choices=[("", "Every change"), *CodebookEventKind.choices],
    )  # fmt: skip

    def __init__(self, *args, nodes: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].choices = [("", "Every node"), *nodes]


STUDY = "study"


class MemoForm(forms.Form):
    kind = forms.ChoiceField(label="Type", choices=MemoKind.choices, initial=MemoKind.ANALYTIC)
    title = forms.CharField(
        max_length=NAME_MAX_CHARS, error_messages={"required": "Give the memo a title."}
    )
    text = forms.CharField(required=False, max_length=TEXT_MAX_CHARS * 5, widget=forms.Textarea)
    about = forms.ChoiceField(label="About", required=False)

    def __init__(self, *args, about: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = [(STUDY, "The study"), *about]


class MemoFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)
    kind = forms.ChoiceField(
        label="Type", required=False, choices=[("", "Any type"), *MemoKind.choices]
    )
    author = forms.ChoiceField(label="Author", required=False)
    about = forms.ChoiceField(label="About", required=False)

    def __init__(self, *args, authors: list[tuple[str, str]], about: list[tuple[str, str]],
                 **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["author"].choices = [("", "Anyone"), *authors]
        self.fields["about"].choices = [
            ("", "Anything"), (STUDY, "The study itself"), *about
        ]  # fmt: skip
