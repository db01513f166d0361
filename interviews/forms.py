from django import forms

from studies.models import Participant, RecruitmentStatus, Study, User

from .models import (
    InterviewSettings,
    PauseOutcome,
    Question,
    QuestionKind,
    QuestionStage,
    RedactionLabel,
    SessionMode,
    ValidationStatus,
    Vignette,
)


class VignetteForm(forms.Form):
    title = forms.CharField(max_length=200)
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="Blank lines separate paragraphs; *italic*, **bold**, and lines starting "
        "with “- ” make a list.",
    )
    validation_status = forms.ChoiceField(choices=ValidationStatus.choices)
    validation_notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text="What the focus or feedback groups said, and what changed.",
    )  # fmt: skip

    @staticmethod
    def initial_for(vignette: Vignette) -> dict:
        return {
            "title": vignette.current.title,
            "text": vignette.current.text,
            "validation_status": vignette.validation_status,
            "validation_notes": vignette.validation_notes,
        }


class QuestionForm(forms.Form):
    prompt = forms.CharField(max_length=500)
    help_text = forms.CharField(max_length=300, required=False)
    stage = forms.ChoiceField(choices=QuestionStage.choices, label="Asked")
    vignette = forms.ModelChoiceField(
        queryset=Vignette.objects.none(), required=False, empty_label="Every vignette",
        label="After which vignette", help_text="For questions asked after a vignette.",
    )  # fmt: skip
    role = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Every role", label="Asked of"
    )
    kind = forms.ChoiceField(choices=QuestionKind.choices)
    required = forms.BooleanField(required=False)
    choices = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}), required=False,
        help_text="For a single choice: one option per line.",
    )  # fmt: skip
    scale_min = forms.IntegerField(initial=1, min_value=-1000, max_value=1000, label="Scale from")
    scale_max = forms.IntegerField(initial=5, min_value=-999, max_value=1020, label="Scale to")
    scale_min_label = forms.CharField(max_length=60, required=False, label="Label of the lowest")
    scale_max_label = forms.CharField(max_length=60, required=False, label="Label of the highest")

    def __init__(self, *args, study: Study, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vignette"].queryset = Vignette.objects.filter(study=study).select_related(
            "current"
        )
        self.fields["role"].queryset = study.roles.all()

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["choices"] = [line for line in data["choices"].splitlines() if line.strip()]
        if data["stage"] == QuestionStage.CLOSING:
            data["vignette"] = None
        return data

    @staticmethod
    def initial_for(question: Question) -> dict:
        names = ("prompt", "help_text", "stage", "vignette", "role", "kind", "required",
                 "scale_min", "scale_max", "scale_min_label", "scale_max_label")  # fmt: skip
        return {name: getattr(question, name) for name in names} | {
            "choices": "\n".join(question.choices)
        }


class InterviewSettingsForm(forms.ModelForm):
    class Meta:
        model = InterviewSettings
        fields = ["order_policy", "dyad_same_order", "online_nomination", "alert_email"]


class SessionCreateForm(forms.Form):
    participant = forms.ModelChoiceField(queryset=Participant.objects.none())
    mode = forms.ChoiceField(choices=SessionMode.choices, widget=forms.RadioSelect)
    email_link = forms.BooleanField(
        required=False, label="Email the link to the participant now",
        help_text="Online sessions only. Otherwise copy the link shown next.",
    )  # fmt: skip
    replace_link = forms.BooleanField(
        required=False, label="Replace the participant's current personal link",
        help_text="Only needed if they still have a live link: it stops working at once.",
    )  # fmt: skip

    def __init__(self, *args, study: Study, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = study.participants.exclude(
            status__in=(RecruitmentStatus.WITHDRAWN, RecruitmentStatus.DECLINED)
        ).select_related("role")


class CheckInForm(forms.Form):
    """The team's check-in after a participant chose "I need to stop"."""

    contacted_by = forms.ModelChoiceField(queryset=User.objects.none(), label="Who contacted them")
    contacted_at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    outcome = forms.ChoiceField(choices=PauseOutcome.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What was agreed. No clinical detail beyond what the protocol asks for.",
    )  # fmt: skip

    def __init__(self, *args, study: Study, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacted_by"].queryset = User.objects.filter(
            memberships__study=study
        ).order_by("username")


class LinkForm(forms.Form):
    days = forms.IntegerField(min_value=1, max_value=365, initial=60, label="Valid for (days)")
    email_link = forms.BooleanField(required=False, label="Email it to the participant")
    replace_link = forms.BooleanField(
        required=False, label="The current link stops working at once",
        help_text="A page the participant has open through it can no longer save.",
    )  # fmt: skip


# --- Transcripts ----------------------------------------------------------------------------


class TranscriptImportForm(forms.Form):
    """Whose interview, and the file. `targets` are (value, label) pairs: "session:<pk>"
    for an interview session, "participant:<pk>" for a participant without one."""

    target = forms.ChoiceField(label="Whose interview")
    file = forms.FileField(
        label="Transcript file",
        help_text="Plain text (.txt), Word (.docx), WebVTT (.vtt), SRT (.srt), oTranscribe "
        "(.otr) or Whisper (.json), up to 10 MB. Speakers written as “Name: words”, and "
        "Otter's and Rev's exports, are found for you.",
    )

    def __init__(self, *args, targets: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "Choose…"), *targets]


class SpeakerMapForm(forms.Form):
    """One field per speaker found in the file: the interviewer, the participant, or
    another speaker under a label typed here."""

    OTHER = "__other__"
    LEAVE_OUT = "__leave_out__"

    def __init__(self, *args, speakers: list[str], choices: list[str], initial_map: dict, **kw):
        super().__init__(*args, **kw)
        self.speakers = speakers
        options = [(choice, choice) for choice in choices] + [
            (self.OTHER, "Someone else…"),
            (self.LEAVE_OUT, "Leave these out (a heading or a note, not speech)"),
        ]
        self.label_suffix = ""
        for index, found in enumerate(speakers):
            label = f"Who is “{found}”?" if found else "Paragraphs with no speaker named"
            self.fields[f"speaker_{index}"] = forms.ChoiceField(
                label=label, choices=options, initial=initial_map.get(found)
            )
            self.fields[f"other_{index}"] = forms.CharField(
                label="Their label, if someone else", required=False, max_length=60,
                help_text="For example “Interpreter” or “Family member”. Not a real name.",
            )  # fmt: skip

    def rows(self, counts: dict[str, int]):
        """(choice field, label field, turns by this speaker) for each speaker found."""
        return [
            (self[f"speaker_{index}"], self[f"other_{index}"], counts.get(found, 0))
            for index, found in enumerate(self.speakers)
        ]

    def mapping(self) -> dict[str, str | None]:
        """Each speaker found → their label, or None to leave their paragraphs out."""
        result = {}
        for index, found in enumerate(self.speakers):
            chosen = self.cleaned_data[f"speaker_{index}"]
            if chosen == self.LEAVE_OUT:
                result[found] = None
            else:
                result[found] = (
                    self.cleaned_data[f"other_{index}"] if chosen == self.OTHER else chosen
                )
        return result


class CorrectionForm(forms.Form):
    text = forms.CharField(label="Words", widget=forms.Textarea(attrs={"rows": 6}), strip=False)
    speaker = forms.CharField(label="Speaker", max_length=60)
    note = forms.CharField(
        label="Why", required=False, max_length=300,
        help_text="Needed once the transcript is ready for coding, e.g. “misheard word”.",
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class RedactForm(forms.Form):
    term = forms.CharField(
        label="Words to redact", max_length=200,
        help_text="A name, place or date exactly as written; whole words only.",
    )  # fmt: skip
    label = forms.ChoiceField(
        label="Replace with", choices=RedactionLabel.choices, widget=forms.RadioSelect,
        initial=RedactionLabel.NAME,
    )  # fmt: skip
    replacement = forms.CharField(
        label="Pseudonym", required=False, max_length=58,
        help_text="Only for a pseudonym: leave empty to number people “[Person 1]”, "
        "“[Person 2]”… The same person gets the same pseudonym across the study.",
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class RecordingForm(forms.Form):
    file = forms.FileField(
        label="Audio recording",
        help_text="MP3, M4A, WAV, OGG/Opus, FLAC, WebM, AAC or AMR, up to 500 MB.",
    )


class VignetteStartsForm(forms.Form):
    """Where the talk about each vignette begins, as line numbers of the reading view."""

    def __init__(self, *args, shown: list[tuple[int, str]], last_line: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.shown = shown
        for vignette_id, title in shown:
            self.fields[f"vignette_{vignette_id}"] = forms.IntegerField(
                label=title, required=False, min_value=1, max_value=last_line,
                help_text="The line where the interviewer brings this story in.",
            )  # fmt: skip
        self.fields["closing"] = forms.IntegerField(
            label="Closing questions", required=False, min_value=1, max_value=last_line,
            help_text="The line where the talk about the stories ends (optional).",
        )  # fmt: skip

    def lines(self) -> tuple[dict[int, int], int | None]:
        """{vignette id: line} for the vignettes given, and the closing line."""
        starts = {
            vignette_id: self.cleaned_data[f"vignette_{vignette_id}"]
            for vignette_id, _title in self.shown
            if self.cleaned_data.get(f"vignette_{vignette_id}")
        }
        return starts, self.cleaned_data.get("closing")
