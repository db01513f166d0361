"""Interview recordings: uploaded after the interview, only with consent to recording,
checked by their content and stored through Django's storage API."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from studies import access
from studies import services as study_services
from studies.access import Action
from studies.erasure import delete_with_files
from studies.models import ClausePurpose, User

from ..audio import HEAD_BYTES, NotAudio, sniff_audio
from ..models import InterviewSession, Recording, SessionStatus


@transaction.atomic
def recording_upload(*, actor: User, session: InterviewSession, file: UploadedFile) -> Recording:
    """Stores the audio of a session, replacing any earlier upload. Refused unless the
    participant agreed to be recorded, and unless the file is audio by its content."""
    participant = session.participant
    access.require(actor, participant.study, Action.TRANSCRIBE)
    study_services.require_consent(participant, ClausePurpose.RECORDING)
    if session.status == SessionStatus.ABANDONED:
        raise ValidationError("That session was abandoned; it cannot have a recording.")
    file.seek(0)
    head = file.read(HEAD_BYTES)
    file.seek(0)
    try:
        kind = sniff_audio(head, file.size)
    except NotAudio as error:
        raise ValidationError({"file": str(error)}) from error
    delete_with_files(Recording.objects.filter(session=session))
    recording = Recording(
        study_id=participant.study_id, participant=participant, session=session,
        mime=kind.mime, extension=kind.extension, size=file.size, uploaded_by=actor,
    )  # fmt: skip
    recording.file.save(f"recording.{kind.extension}", file, save=False)
    recording.save()
    return recording


@transaction.atomic
def recording_delete(*, actor: User, recording: Recording) -> None:
    access.require(actor, recording.study, Action.TRANSCRIBE)
    delete_with_files(Recording.objects.filter(pk=recording.pk))
