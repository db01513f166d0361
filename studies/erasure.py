"""What a withdrawal with removal erases: found by walking the model graph.

Every model that refers to a participant, directly or through another model that does
(an interview session, then its responses, say), must be listed here as erased or kept.
`tests` walk the graph and fail when a model is in neither list, so a new kind of
participant data cannot be added without deciding what a withdrawal does to it.
"""

from collections import deque

from django.apps import apps
from django.db import models

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


def erase_participant_data(participant) -> dict[str, int]:
    """Deletes every row that refers to the participant except the kept kinds; returns
    counts by model. A model missing from both lists is erased, never silently kept."""
    counts: dict[str, int] = {}
    for label, paths in participant_data_models().items():
        if label in KEPT:
            continue
        for model, path in paths:
            deleted, by_model = model.objects.filter(**{path: participant}).delete()
            for name, number in by_model.items():
                if number:
                    counts[name] = counts.get(name, 0) + number
    return counts
