"""The demo study's vignettes, questions and sessions, added after studies.demo has made
the study and its participants (`manage.py load_demo` calls `demo_extend`).

Dyads 1 to 4 answered online; dyads 5 to 8 were interviewed in person and their
transcripts imported, so every participant has one transcript. Dyad 5's are redacted
and ready for coding, with MHW5's recording; dyad 6's are redacted; dyads 7 and 8
still name people, for trying redaction.

The words, written for this project, are data files in demo_data/ (see its README),
read by the readers a team's own files go through: the interviews are plain-text
transcripts imported by the transcript import services, speaker mapping and all.
"""

import io
import math
import wave
from datetime import timedelta

from django.core.files import File
from django.db import transaction

from studies.demo import RECRUITMENT_STARTED
from studies.models import Membership, Participant, Study, User

from . import services
from .demo_texts import (
    DEMO_DATA,
    DemoDataError,
    demo_answers,
    demo_questions,
    demo_vignettes,
)
from .demo_texts import demo_data as _data
from .models import (
    ImportStatus,
    InterviewSession,
    OrderPolicy,
    RedactionLabel,
    Response,
    SessionMode,
    SessionPause,
    Transcript,
    Vignette,
)
from .plan import session_pages


def _lead(study: Study):
    return study.memberships.filter(role=Membership.Role.LEAD).select_related("user").first().user


@transaction.atomic
def demo_extend(study: Study) -> None:
    """Adds what interviews holds to the demo study; does nothing if it is there."""
    if Vignette.objects.filter(study=study).exists():
        return
    lead = _lead(study)
    services.interview_settings_update(
        actor=lead, study=study, order_policy=OrderPolicy.COUNTERBALANCED,
        dyad_same_order=False, online_nomination=False, alert_email="research-team@example.org",
    )  # fmt: skip
    vignettes = {}
    for spec in demo_vignettes():
        vignettes[spec.key] = services.vignette_create(
            actor=lead, study=study, title=spec.title, text=spec.text,
            validation_status=spec.status, validation_notes=spec.notes,
        ).pk  # fmt: skip
    follow_ups, closing = demo_questions()
    for prompt in follow_ups:
        services.question_create(actor=lead, study=study, prompt=prompt, required=True)
    services.question_create(actor=lead, study=study, prompt=closing, stage="closing")
    participants = {p.pseudonym: p for p in study.participants.select_related("role", "study")}
    answers = demo_answers()
    stops = _data("stops.json")
    for number in range(1, 5):
        for code in ("MHW", "SU"):
            pseudonym = f"{code}{number}"
            _online_session(
                lead, participants[pseudonym], answers[pseudonym], vignettes, stops.get(pseudonym)
            )
    interviews = _data("interviews.json")
    for number in range(5, 9):
        for code in ("MHW", "SU"):
            pseudonym = f"{code}{number}"
            _in_person_session(lead, participants[pseudonym], interviews[pseudonym], vignettes)


def _interview_day(participant):
    """The day the recruitment history says the participant was interviewed."""
    event = participant.recruitment_events.filter(status="interviewed").order_by("at").first()
    return event.at if event else RECRUITMENT_STARTED + timedelta(days=60)


def _online_session(
    lead, participant, answers: dict, vignettes: dict[str, int], stop: dict | None = None
) -> None:
    session, _token = services.session_create(
        actor=lead, participant=participant, mode=SessionMode.ONLINE
    )
    key_of = {pk: key for key, pk in vignettes.items()}
    for page in session_pages(session):
        texts = (
            answers["vignettes"][key_of[page.vignette.pk]]
            if page.vignette
            else [answers["closing"]]
        )
        typed = dict(zip([question.pk for question in page.questions], texts, strict=True))
        services.answers_save(session=session, page=page, answers=typed)
        if stop and page.number == stop["after_page"]:
            services.session_pause(session=session, page=page)  # the next save resumes it
            continue
        services.page_complete(session=session, page=page)
    if stop:  # they came back to the page they stopped on, and moved on
        page = session_pages(session)[stop["after_page"] - 1]
        services.page_complete(session=session, page=page)
    services.session_complete(session=session)
    day = _interview_day(participant)
    _backdate(session, day, minutes=40 + (stop["back_after_minutes"] if stop else 0))
    if stop:
        _demo_stop(lead, session, day, stop)


def _demo_stop(lead, session: InterviewSession, day, stop: dict) -> None:
    """Dates the stop within the demo session, and records the team's check-in."""
    paused = day.replace(hour=10, minute=0) + timedelta(minutes=stop["minutes_in"])
    pause = SessionPause.objects.get(session=session)
    pause.paused_at = paused
    pause.resumed_at = paused + timedelta(minutes=stop["back_after_minutes"])
    pause.save(update_fields=["paused_at", "resumed_at"])
    InterviewSession.objects.filter(pk=session.pk).update(paused_at=paused)
    check_in = stop["check_in"]
    if check_in:
        services.pause_check_in_record(
            actor=lead, pause=pause, contacted_by=User.objects.get(username=check_in["by"]),
            contacted_at=paused + timedelta(hours=check_in["hours_later"]),
            outcome=check_in["outcome"], note=check_in["note"],
        )  # fmt: skip


def _in_person_session(lead, participant, interview: dict, vignettes: dict[str, int]) -> None:
    session, _ = services.session_create(
        actor=lead, participant=participant, mode=SessionMode.IN_PERSON, interviewer=lead
    )
    services.session_start(actor=lead, session=session)
    services.session_complete(actor=lead, session=session)
    transcript = _import_transcript(lead, session, interview["transcript"])
    # The marked version, whose turns the redaction below reads to spare the vignettes.
    transcript = _mark_vignettes(lead, transcript, interview, vignettes)
    _backdate(session, _interview_day(participant), minutes=55)
    dyad = int(participant.pseudonym.removeprefix("MHW").removeprefix("SU"))
    if dyad <= 6:
        for term, kind in interview["identifiers"].items():
            _redact(lead, transcript, term, kind)
    if dyad == 5:
        services.transcript_mark_ready(actor=lead, transcript=transcript)
    if participant.pseudonym == "MHW5":
        _demo_recording(lead, session, transcript)


def _import_transcript(lead: User, session: InterviewSession, name: str) -> Transcript:
    """Imports a transcript file as a researcher's upload is: stored, read into turns,
    its speakers mapped (the interviewer, and the participant under their pseudonym),
    saved. The reading is done here rather than in the task the upload queues, so the
    demo is whole when this transaction commits; that task then finds nothing to read."""
    participant: Participant = session.participant
    path = DEMO_DATA / name
    upload = services.transcript_import_start(
        actor=lead, participant=participant, session=session, filename=path.name,
        data=path.read_bytes(),
    )  # fmt: skip
    upload = services.transcript_import_parse(upload_id=upload.pk)
    if upload is None or upload.status != ImportStatus.PARSED:
        raise DemoDataError(f"{name} could not be read: {upload.error if upload else ''}")
    mapping = {
        services.INTERVIEWER: services.INTERVIEWER,
        participant.pseudonym: participant.pseudonym,
    }
    unknown = set(upload.speakers) - set(mapping)
    if unknown:
        raise DemoDataError(
            f"{name} has speakers other than the interviewer and {participant.pseudonym}: "
            f"{sorted(unknown)}"
        )
    return services.transcript_import_save(actor=lead, upload=upload, mapping=mapping)


def _mark_vignettes(
    lead: User, transcript: Transcript, interview: dict, vignettes: dict[str, int]
) -> Transcript:
    """Marks where each vignette and the closing questions begin, as interviews.json
    says. The file tells the vignettes in the order the session showed them (the
    counterbalanced order the demo's sessions get); a file that disagrees is refused
    rather than given headings that contradict its session."""
    starts = {vignettes[key]: position for key, position in interview["vignettes"].items()}
    told = sorted(starts, key=starts.__getitem__)
    shown = list(
        transcript.session.vignettes.order_by("position").values_list("vignette_id", flat=True)
    )
    if told != shown:
        raise DemoDataError(
            f"{interview['transcript']} tells the vignettes in another order than its "
            "session shows them."
        )
    return services.transcript_mark_vignettes(
        actor=lead, transcript=transcript, starts=starts, closing=interview["closing"]
    )


def _redact(lead, transcript, term: str, kind: str) -> None:
    """Redacts every place a name, place or date of the participant's own life is said.
    (SU5's worker is called Gareth, as is the worker in one vignette: in SU5's interview
    every "Gareth" is their own worker, even while they talk about that story.)"""
    version = transcript.versions.get(number=transcript.version)
    starts = [place.start for place in services.occurrences(version.text, version.turns, term)]
    if starts:
        label = RedactionLabel.PSEUDONYM if kind == "name" else RedactionLabel(kind)
        services.transcript_redact(
            actor=lead, transcript=transcript, term=term, label=label, starts=starts
        )


def tone_wav(starts_ms: list[int], length_ms: int) -> bytes:
    """A quiet WAV (8-bit, 8 kHz) of `length_ms`, with a soft tone at each start: a
    stand-in for interview audio, where the tones show which turn is playing."""
    rate = 8000
    samples = bytearray(b"\x80" * (length_ms * rate // 1000))  # 8-bit silence
    tone = bytes(128 + int(24 * math.sin(2 * math.pi * 440 * i / rate)) for i in range(rate // 5))
    for ms in starts_ms:
        at = ms * rate // 1000
        samples[at : at + len(tone)] = tone[: max(0, len(samples) - at)]
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as audio:
        audio.setnchannels(1)
        audio.setsampwidth(1)
        audio.setframerate(rate)
        audio.writeframes(bytes(samples))
    return buffer.getvalue()


def _demo_recording(lead, session: InterviewSession, transcript) -> None:
    """A stand-in recording as long as the whole transcript, so playback can be tried."""
    starts = list(transcript.turns.values_list("started_at_ms", flat=True))
    audio = tone_wav(starts, starts[-1] + 10_000)
    services.recording_upload(
        actor=lead, session=session, file=File(io.BytesIO(audio), name="mhw5.wav")
    )


def _backdate(session: InterviewSession, day, *, minutes: int) -> None:
    """Puts a demo session on the day the recruitment history says it happened, rather
    than the moment the demo was loaded."""
    started = day.replace(hour=10, minute=0)
    ended = started + timedelta(minutes=minutes)
    InterviewSession.objects.filter(pk=session.pk).update(
        created_at=started - timedelta(days=3), started_at=started, completed_at=ended,
        last_activity_at=ended,
    )  # fmt: skip
    Response.objects.filter(session=session).update(created_at=started, updated_at=ended)
    Transcript.objects.filter(session=session).update(created_at=ended)
