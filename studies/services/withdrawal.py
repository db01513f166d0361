"""Withdrawal: the participant stops taking part and their choice about their data is
carried out, all in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .. import access
from ..access import Action
from ..erasure import (
    derived_copies_erase,
    erase_identifying_records,
    erase_participant_data,
    erase_unanalysed_data,
)
from ..models import (
    AuditAction,
    Participant,
    ParticipantLink,
    RecruitmentStatus,
    User,
    Withdrawal,
    WithdrawalChoice,
    WithdrawalVia,
)
from .audit import audit_record, data_protection_for
from .recruitment import status_move


def withdrawal_choices(participant: Participant) -> list[str]:
    """The choices the study's policy offers; all of them while no policy is written."""
    return data_protection_for(participant.study).withdrawal_choices or list(
        WithdrawalChoice.values
    )


@transaction.atomic
def withdrawal_record(
    *, actor: User | None, participant: Participant, choice: str, dyad_note: str = ""
) -> Withdrawal:
    """Records a withdrawal, by a consent admin or lead (`actor`) or by the participant
    through their link (`actor` None, after the link was checked).

    The participant's links stop, nothing more can be collected (the consent gate sees
    the status), and with a removal choice their data is erased now (with any choice,
    the redaction log of their transcripts is; "remove what has not yet been analysed"
    keeps transcripts that were coded, see studies.erasure); consent and
    withdrawal records, recruitment history and the audit trail stay. Their dyad
    partner's data is never touched.
    """
    study = participant.study
    if actor is not None:
        access.require(actor, study, Action.MANAGE_CONSENT)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.status == RecruitmentStatus.WITHDRAWN:
        raise ValidationError(f"{participant.pseudonym} has already withdrawn.")
    if choice not in withdrawal_choices(participant):
        raise ValidationError({"choice": "Choose one of the options this study offers."})
    now = timezone.now()
    status_move(
        participant, RecruitmentStatus.WITHDRAWN, actor,
        f"Withdrew: {WithdrawalChoice(choice).label.lower()}.", now,
    )  # fmt: skip
    ParticipantLink.objects.filter(participant=participant, revoked_at=None).update(revoked_at=now)
    withdrawal = Withdrawal.objects.create(
        participant=participant, choice=choice, recorded_by=actor, at=now,
        via=WithdrawalVia.TEAM if actor else WithdrawalVia.LINK, dyad_note=dyad_note.strip(),
    )  # fmt: skip
    audit_record(
        study=study, actor=actor, action=AuditAction.WITHDRAWAL, participant=participant,
        detail={"choice": choice, "via": withdrawal.via},
    )  # fmt: skip
    # Keeping the data still erases what exists only to identify the participant again.
    kept: dict[str, int] = {}
    if choice == WithdrawalChoice.KEEP:
        erased = erase_identifying_records(participant)
    elif choice == WithdrawalChoice.REMOVE_UNANALYSED:
        erased, analysed = erase_unanalysed_data(participant)
        kept = {"analysed_transcripts_kept": analysed}
    else:
        erased = erase_participant_data(participant)
    if choice != WithdrawalChoice.KEEP:
        erased |= derived_copies_erase(participant)
    if erased or choice != WithdrawalChoice.KEEP:
        withdrawal.erased = erased
        withdrawal.erased_at = timezone.now()
        withdrawal.save(update_fields=["erased", "erased_at"])
        audit_record(
            study=study, actor=actor, action=AuditAction.ERASURE, participant=participant,
            detail={"rows": withdrawal.erased, **kept},
        )  # fmt: skip
    return withdrawal
