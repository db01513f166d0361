from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse

from .models import InterviewSession, SessionStatus
from .services import interview_settings_for, transcripts
from .services.task_names import SESSION_PAUSED_ALERT, TRANSCRIPT_IMPORT_PARSE


@shared_task(name=SESSION_PAUSED_ALERT, ignore_result=True)
def session_paused_alert(session_id: int) -> int:
    """Tells the session's creator (and the study's alert address) that a participant
    stopped. Says only the pseudonym and where to look: the email may be read anywhere.
    Returns how many people were told; a session resumed meanwhile tells no one."""
    session = (
        InterviewSession.objects.select_related("study", "participant", "created_by")
        .filter(pk=session_id, status=SessionStatus.PAUSED)
        .first()
    )
    if session is None:
        return 0
    recipients = {
        address
        for address in (
            getattr(session.created_by, "email", ""),
            interview_settings_for(session.study).alert_email,
        )
        if address
    }
    if not recipients:
        return 0
    link = settings.SITE_URL + reverse(
        "session-detail", kwargs={"slug": session.study.slug, "pk": session.pk}
    )
    context = {"session": session, "link": link}
    send_mail(
        subject=f"{session.participant.pseudonym} stopped their session in {session.study.title}",
        message=render_to_string("emails/session_paused.txt", context),
        from_email=None,
        recipient_list=sorted(recipients),
    )
    return len(recipients)


# Well under the project's limits: a capped file reads in seconds (bench: 20 MB of Word
# XML in about 3 s of CPU), so a task still going after a minute is stopped and refused.
@shared_task(
    name=TRANSCRIPT_IMPORT_PARSE, ignore_result=True, soft_time_limit=60,
    time_limit=90,
)  # fmt: skip
def transcript_import_parse(upload_id: int) -> None:
    """Reads an uploaded transcript file into turns (see the service)."""
    try:
        transcripts.transcript_import_parse(upload_id=upload_id)
    except SoftTimeLimitExceeded:
        transcripts.transcript_import_refuse_slow(upload_id=upload_id)
