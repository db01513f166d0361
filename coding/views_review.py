"""The review list: what each new version of the study's transcripts (a correction, a
redaction, vignette marks) did to their coded segments, and every segment whose words
changed under it, with the words before beside the words now, to confirm, open on the
coding page or remove. Reading needs VIEW_DATA (viewers read it); confirming is for
the segment's coder or a lead, removing for anyone who codes (as on the coding page).
Segments are read through `selectors.segments_visible`: a coder never sees another's
hidden segments here either."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from interviews.models import VersionKind
from studies.access import Action, StudyAccess, study_access
from studies.http import no_store

from . import selectors, services
from .models import CarryOver
from .quotes import segment_quotes

# A long list is read transcript by transcript: past these, the page says to filter.
SEGMENTS_SHOWN = 200
CARRY_OVERS_SHOWN = 50

# "Transcript P3, version 4 (correction by …)": what made the new version, as a noun.
VERSION_NOUNS = {
    VersionKind.CORRECTED: "correction",
    VersionKind.REDACTED: "redaction",
    VersionKind.VIGNETTES: "vignette marks",
    VersionKind.IMPORTED: "import",
    VersionKind.GENERATED: "new text from the online session",
}


class ReviewFilterForm(forms.Form):
    transcript = forms.TypedChoiceField(
        required=False, coerce=int, empty_value=None, label="Transcript"
    )

    def __init__(self, *args, transcripts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["transcript"].choices = [("", "All transcripts")] + [
            (t.pk, t.participant.pseudonym) for t in transcripts
        ]


def _may_confirm(access: StudyAccess, user, segment) -> bool:
    """Whether the page offers Confirm: the service's own rule (its coder, or a lead)."""
    return segment.coder_id == user.pk or access.can(Action.MANAGE_CODING)


def _items(request: HttpRequest, access: StudyAccess, segments: list) -> list[dict]:
    """Each flagged segment as a quote in its context (pseudonym, line, the words
    around it now), with what the page may offer on it."""
    may_code = access.can(Action.CODE)
    return [
        {
            "quote": quote,
            "may_confirm": may_code and _may_confirm(access, request.user, quote.segment),
            "may_remove": may_code,
        }
        for quote in segment_quotes(segments, access.study)
    ]


def _carry_line(row: CarryOver) -> dict:
    version = row.version
    return {
        "row": row,
        "what": VERSION_NOUNS.get(version.kind, version.get_kind_display().lower()),
        "by": version.created_by,
        "note": version.note,
    }


@require_GET
@no_store
def review(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    study = access.study
    form = ReviewFilterForm(
        request.GET or None, transcripts=selectors.review_transcripts(study=study)
    )
    chosen = form.cleaned_data["transcript"] if form.is_bound and form.is_valid() else None
    flagged = selectors.review_segments(user=request.user, access=access, transcript_id=chosen)
    segments = list(flagged[: SEGMENTS_SHOWN + 1])
    carries = list(
        selectors.carry_overs(study=study, transcript_id=chosen)[: CARRY_OVERS_SHOWN + 1]
    )
    context = {
        "access": access, "study": study, "form": form, "chosen": chosen,
        "items": _items(request, access, segments[:SEGMENTS_SHOWN]),
        "more_segments": len(segments) > SEGMENTS_SHOWN, "segments_shown": SEGMENTS_SHOWN,
        "carries": [_carry_line(row) for row in carries[:CARRY_OVERS_SHOWN]],
        "more_carries": len(carries) > CARRY_OVERS_SHOWN, "carries_shown": CARRY_OVERS_SHOWN,
    }  # fmt: skip
    return render(request, "coding/review.html", context)


@require_POST
def review_segment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Confirms a flagged segment (`action=confirm`) or removes it (`action=remove`).
    With htmx the answer is the segment's item, done or with the reason it was not;
    without, a message and the list again (post/redirect/get)."""
    access = study_access(user=request.user, slug=slug, action=Action.CODE)
    visible = selectors.segments_visible(user=request.user, access=access)
    segment = get_object_or_404(
        visible.select_related("node", "coder", "transcript__participant"), pk=pk
    )
    choice = request.POST.get("action", "")
    pseudonym = segment.transcript.participant.pseudonym
    error = done = ""
    try:
        if choice == "confirm":
            services.segment_review_confirm(actor=request.user, segment=segment)
            done = f"Confirmed “{segment.node.name}” on {pseudonym}'s words as they are now."
        elif choice == "remove":
            services.segment_delete(actor=request.user, segment=segment)
            done = f"Removed “{segment.node.name}” from {pseudonym}'s words."
        else:
            error = "Choose confirm or remove."
    except ValidationError as problem:
        error = " ".join(problem.messages)
    if request.htmx:
        context = {"access": access, "study": access.study, "segment": segment, "done": done}
        if error:
            context |= {"item": _items(request, access, [segment])[0], "error": error}
        return render(request, "coding/review_item.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    back = reverse("codebook-review", args=[slug])
    transcript = request.POST.get("transcript", "")
    return redirect(f"{back}?transcript={transcript}" if transcript.isdigit() else back)
