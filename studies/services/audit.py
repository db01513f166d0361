"""The audit trail and the study's data-protection basis."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import access
from ..access import Action
from ..models import (
    AuditAction,
    AuditEvent,
    DataProtection,
    Participant,
    Study,
    User,
    WithdrawalChoice,
)


def audit_record(
    *,
    study: Study,
    actor: User | None,
    action: str,
    participant: Participant | None = None,
    detail: dict | None = None,
    happened_at: datetime | None = None,
) -> AuditEvent:
    """Appends to the audit trail. Called by services after their own access checks;
    `detail` names what happened (fields, counts, file kinds), never personal values.
    `happened_at` is when the act itself took place, if not now (a consent dated earlier)."""
    return AuditEvent.objects.create(
        study=study, actor=actor, action=action, participant=participant, detail=detail or {},
        happened_at=happened_at,
    )  # fmt: skip


@transaction.atomic
def export_record(
    *, actor: User, study: Study, export: str, action: Action = Action.EXPORT
) -> None:
    """Checks that the user may make this export (research data by default; consent
    records need manage_consent) and notes that they did."""
    access.require(actor, study, action)
    audit_record(study=study, actor=actor, action=AuditAction.EXPORT, detail={"export": export})


DATA_PROTECTION_FIELDS = (
    "lawful_basis", "special_category_condition", "data_controller", "retention_audio_months",
    "retention_transcripts_months", "retention_consent_months", "withdrawal_choices",
    "withdrawal_cutoff",
)  # fmt: skip


def data_protection_for(study: Study) -> DataProtection:
    return DataProtection.objects.get_or_create(study=study)[0]


@transaction.atomic
def data_protection_update(*, actor: User, study: Study, **values) -> DataProtection:
    access.require(actor, study, Action.MANAGE_CONSENT)
    unknown = set(values) - set(DATA_PROTECTION_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be changed: {', '.join(sorted(unknown))}.")
    record = DataProtection.objects.select_for_update().get_or_create(study=study)[0]
    if "withdrawal_choices" in values:
        choices = values["withdrawal_choices"]
        if not isinstance(choices, list | tuple) or any(
            not isinstance(choice, str) or choice not in WithdrawalChoice.values
            for choice in choices
        ):
            options = ", ".join(WithdrawalChoice.values)
            raise ValidationError({"withdrawal_choices": f"Choose from: {options}."})
        # Keep the options in their usual order, once each.
        values["withdrawal_choices"] = [c for c in WithdrawalChoice.values if c in choices]
    choices = values.get("withdrawal_choices", record.withdrawal_choices)
    if (
        WithdrawalChoice.REMOVE_UNANALYSED in choices
        and not values.get("withdrawal_cutoff", record.withdrawal_cutoff).strip()
    ):
        raise ValidationError(
            {"withdrawal_cutoff": "Say until when unanalysed data can be removed."}
        )
    changed = [name for name, value in values.items() if getattr(record, name) != value]
    for name, value in values.items():
        setattr(record, name, value)
    record.full_clean(exclude=["study"])
    record.save()
    if changed:
        audit_record(
            study=study, actor=actor, action=AuditAction.DATA_PROTECTION_CHANGED,
            detail={"fields": sorted(changed)},
        )  # fmt: skip
    return record
