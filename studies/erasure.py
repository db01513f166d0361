"""What a withdrawal with removal erases: found by walking the model graph.

Every model that refers to a participant, directly or through another model that does
(an interview session, then its responses, say), must be listed here as erased or kept.
`tests` walk the graph and fail when a model is in neither list, so a new kind of
participant data cannot be added without deciding what a withdrawal does to it.
"""

from collections import deque

from django.apps import apps
from django.db import models, transaction

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


def _erase(participant, erased) -> dict[str, int]:
    """Deletes the participant's rows of the models whose label `erased` accepts, the
    deepest models first (so their files are found before a cascade from their parent
    could remove the rows that name them); returns counts by model."""
    counts: dict[str, int] = {}
    for label, paths in reversed(list(participant_data_models().items())):
        if not erased(label):
            continue
        for model, path in paths:
            for name, number in delete_with_files(
                model.objects.filter(**{path: participant})
            ).items():
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
