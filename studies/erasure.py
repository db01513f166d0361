"""What a withdrawal with removal erases: found by walking the model graph.

Every model that refers to a participant, directly or through another model that does
(an interview session, then its responses, say), must be listed here as erased or kept.
`tests` walk the graph and fail when a model is in neither list, so a new kind of
participant data cannot be added without deciding what a withdrawal does to it.

The three choices, precisely:

- "Keep what was collected": only the records in ERASED_ON_ANY_WITHDRAWAL go.
- "Remove everything": every row in ERASED goes, coded transcripts too, with their
  segments, memos about them and the coders' undo history.
- "Remove what has not yet been analysed": a transcript is analysed once an app above
  says so (coding: it holds at least one coded segment; `<app>.erasure.
  analysed_transcript_ids`, found by name, as studies may not import coding). An
  analysed transcript stays, pseudonymised as every transcript is, with what
  KEPT_WITH_ANALYSED_TRANSCRIPT lists: its versions and turns, its coding and memos,
  the interview session it records with the vignettes shown, and, for a transcript
  generated from an online session, the typed answers it was written from (the same
  words). Everything else in ERASED goes: contact details, the information form,
  links, uncoded transcripts, answers of sessions without an analysed transcript (and
  an in-person session's notes, which were never coded), stops and check-in notes,
  recordings (the audio identifies the voice; the transcript is what was analysed),
  uploads waiting for their speakers, and the redaction log.
"""

from collections import deque

from django.apps import apps
from django.db import models, transaction
from django.db.models import Q

from .apps_above import modules_above

# Kept after a removal, and why. Everything else that refers to a participant is erased.
KEPT = {
    "studies.ConsentRecord": "consent records are kept for their own retention period",
    "studies.ConsentAnswer": "part of a consent record",
    "studies.Withdrawal": "the record of the withdrawal itself",
    "studies.AuditEvent": "the audit trail is append-only",
    "studies.RecruitmentEvent": "the recruitment history, by pseudonym, shows the withdrawal",
    "studies.Dyad": "the partner's data stays; the dyad is marked incomplete",
}
# Erased on removal ("remove everything"; until analysis exists, also "remove what has
# not been analysed"). Children of these go with them through CASCADE.
ERASED = {
    "studies.ParticipantContact": "who the participant is",
    "studies.AttributeValue": "their information form",
    "studies.ParticipantLink": "their personal links",
    "interviews.InterviewSession": "their sessions and the vignette orders they were shown",
    "interviews.SessionVignette": "part of a session",
    "interviews.SessionPause": "when they stopped, and the team's notes on checking in",
    "interviews.Response": "their answers",
    "interviews.Transcript": "their transcripts",
    "interviews.SpeakerTurn": "part of a transcript",
    "interviews.TranscriptVersion": "earlier versions of their transcripts",
    "interviews.TranscriptImport": "transcript uploads waiting for their speakers",
    "interviews.Recording": "their interview audio and its files",
    "interviews.Redaction": "what was redacted from their transcripts",
    "coding.CodedSegment": "the coding of their transcripts, which quotes their words",
    "coding.RemovedSegment": "ids of deleted segments of their transcripts",
    "coding.Memo": "memos about their transcripts and its segments, which may quote them",
    "coding.TranscriptCoding": "whether their transcript is coded independently",
    "coding.CodingAction": "coders' undo history on their transcripts, with the words coded",
    "coding.CarryOver": "counts of segments carried to each new version of their transcripts",
    "analysis.FrameworkSummary": "the team's summaries of their account (alone or in a dyad)",
    "analysis.FrameworkSummaryVersion": "every earlier text of those summaries",
}
# Under "remove what has not yet been analysed", the rows of these models that belong to
# an analysed transcript stay: the path from the model to the transcript, any further
# condition, and why.
KEPT_WITH_ANALYSED_TRANSCRIPT: dict[str, tuple[str, dict, str]] = {
    "interviews.Transcript": ("pk", {}, "what was analysed"),
    "interviews.SpeakerTurn": ("transcript", {}, "part of the transcript"),
    "interviews.TranscriptVersion": ("transcript", {}, "the transcript's versions"),
    "interviews.InterviewSession": ("transcript", {}, "the interview the transcript records"),
    "interviews.SessionVignette": ("session__transcript", {}, "the vignettes discussed"),
    "interviews.Response": (
        "session__transcript",
        {"session__transcript__source": "online"},
        "the typed answers an online session's transcript was written from",
    ),  # fmt: skip
    "coding.CodedSegment": ("transcript", {}, "the analysis itself"),
    "coding.RemovedSegment": ("transcript", {}, "part of the coding history"),
    "coding.Memo": ("transcript", {}, "the analysts' memos on it"),
    "coding.TranscriptCoding": ("transcript", {}, "how it is coded"),
    "coding.CodingAction": ("transcript", {}, "the coders' undo history"),
    "coding.CarryOver": ("transcript", {}, "what its new versions did to its coding"),
    # A framework summary is written from the case's coded segments: it is analysis,
    # and stays while the person has an analysed transcript. The path is through the
    # study because a summary belongs to a case, not to one transcript: the study holds
    # one of the analysed transcripts exactly when the person has one (they are all
    # theirs). With none analysed, nothing the summary stands on remains, so it goes.
    "analysis.FrameworkSummary": (
        "framework__study__transcripts",
        {},
        "summaries written from their coded account",
    ),
    "analysis.FrameworkSummaryVersion": (
        "summary__framework__study__transcripts",
        {},
        "the earlier texts of those summaries",
    ),
}
# Erased on every withdrawal, whatever the participant chose for their data: records
# that exist only to identify them again.
ERASED_ON_ANY_WITHDRAWAL = {
    "interviews.Redaction": "the redaction log holds the names and places taken out",
}


def _label(model: type[models.Model]) -> str:
    return model._meta.label


def participant_data_models() -> dict[str, list[tuple[type[models.Model], str]]]:
    """Every model reachable from Participant through foreign keys pointing at it, with
    the query path from that model to the participant (e.g. "session__participant")."""
    participant = apps.get_model("studies", "Participant")
    found: dict[str, list[tuple[type[models.Model], str]]] = {}
    queue = deque([(participant, "")])
    while queue:
        target, path = queue.popleft()
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if not (field.is_relation and field.concrete and field.related_model is target):
                    continue
                label = _label(model)
                full = f"{field.name}__{path}" if path else field.name
                if any(existing == full for _, existing in found.get(label, [])):
                    continue
                found.setdefault(label, []).append((model, full))
                # Children of kept models are kept with them; walk on only through data.
                if label not in KEPT and model is not participant:
                    queue.append((model, full))
    return found


def delete_with_files(queryset: models.QuerySet) -> dict[str, int]:
    """Deletes the rows (and what cascades from them) and, once the transaction has
    committed, the files they stored. Returns the rows deleted by model."""
    file_fields = [f.name for f in queryset.model._meta.fields if isinstance(f, models.FileField)]
    files = []
    if file_fields:
        for row in queryset.only("pk", *file_fields):
            files += [getattr(row, name) for name in file_fields if getattr(row, name)]
    by_model = queryset.delete()[1]
    for stored in files:
        storage, name = stored.storage, stored.name
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    return {label: count for label, count in by_model.items() if count}


def _erase(participant, erased, keep: dict[str, Q] | None = None) -> dict[str, int]:
    """Deletes the participant's rows of the models whose label `erased` accepts, the
    deepest models first (so their files are found before a cascade from their parent
    could remove the rows that name them), except the rows `keep` selects for their
    label; returns counts by model."""
    counts: dict[str, int] = {}
    keep = keep or {}
    for label, paths in reversed(list(participant_data_models().items())):
        if not erased(label):
            continue
        for model, path in paths:
            rows = model.objects.filter(**{path: participant})
            if label in keep:
                rows = rows.exclude(keep[label])
            for name, number in delete_with_files(rows).items():
                counts[name] = counts.get(name, 0) + number
    return counts


def erase_identifying_records(participant) -> dict[str, int]:
    """Deletes the records in ERASED_ON_ANY_WITHDRAWAL; returns counts by model."""
    return _erase(participant, lambda label: label in ERASED_ON_ANY_WITHDRAWAL)


def erase_participant_data(participant) -> dict[str, int]:
    """Deletes every row that refers to the participant except the kept kinds, and the
    files those rows stored; returns counts by model. A model missing from both lists is
    erased, never silently kept."""
    return _erase(participant, lambda label: label not in KEPT)


def analysed_transcript_ids(participant) -> set[int]:
    """The participant's transcripts that an app above counts as analysed."""
    ids: set[int] = set()
    for module in modules_above("erasure"):
        if hasattr(module, "analysed_transcript_ids"):
            ids |= set(module.analysed_transcript_ids(participant))
    return ids


def derived_copies_erase(participant) -> dict[str, int]:
    """Lets each app above delete the copies it made that may hold the participant's
    data (an export file, say); `<app>.erasure.copies_erase(participant)` returns counts
    by kind. Called on a withdrawal with removal."""
    counts: dict[str, int] = {}
    for module in modules_above("erasure"):
        if hasattr(module, "copies_erase"):
            counts |= module.copies_erase(participant)
    return {kind: count for kind, count in counts.items() if count}


def erase_unanalysed_data(participant) -> tuple[dict[str, int], int]:
    """ "Remove what has not yet been analysed": like `erase_participant_data`, except
    that analysed transcripts stay with what KEPT_WITH_ANALYSED_TRANSCRIPT lists.
    Returns the counts by model and how many transcripts stayed."""
    analysed = analysed_transcript_ids(participant)
    keep = {
        label: Q(**{f"{path}__in": analysed}, **also)
        for label, (path, also, _why) in KEPT_WITH_ANALYSED_TRANSCRIPT.items()
    }
    return _erase(participant, lambda label: label not in KEPT, keep), len(analysed)
