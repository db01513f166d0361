"""The demo study's vignettes, questions and sessions, added after studies.demo has made
the study and its participants (`manage.py load_demo` calls `demo_extend`).

Dyads 1 to 4 answered online; dyads 5 to 8 were interviewed in person and their
transcripts imported, so every participant has one transcript. Dyad 5's are redacted
and ready for coding, with MHW5's recording; dyad 6's are redacted; dyads 7 and 8
still name people, for trying redaction. The words are in demo_content.py and
demo_interviews_a/b.py, written for this project.
"""

import io
import math
import wave
from datetime import timedelta

from django.core.files import File
from django.db import transaction

from studies.demo import RECRUITMENT_STARTED
from studies.models import Membership, Study

from . import services
from .demo_content import ANSWERS, CLOSING, FOLLOW_UPS, VIGNETTES
from .demo_interviews_a import IDENTIFIERS as IDENTIFIERS_A
from .demo_interviews_a import INTERVIEWS as INTERVIEWS_A
from .demo_interviews_b import IDENTIFIERS as IDENTIFIERS_B
from .demo_interviews_b import INTERVIEWS as INTERVIEWS_B
from .models import (
    InterviewSession,
    OrderPolicy,
    RedactionLabel,
    Response,
    SessionMode,
    Transcript,
    TranscriptSource,
    Vignette,
)
from .plan import session_pages

INTERVIEWS = {**INTERVIEWS_A, **INTERVIEWS_B}
IDENTIFIERS = {**IDENTIFIERS_A, **IDENTIFIERS_B}


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
    for spec in VIGNETTES:
        services.vignette_create(
            actor=lead, study=study, title=spec["title"], text=spec["text"],
            validation_status=spec["status"], validation_notes=spec["notes"],
        )  # fmt: skip
    for prompt in FOLLOW_UPS:
        services.question_create(actor=lead, study=study, prompt=prompt, required=True)
    services.question_create(actor=lead, study=study, prompt=CLOSING, stage="closing")
    participants = {p.pseudonym: p for p in study.participants.select_related("role", "study")}
    for number in range(1, 5):
        for code in ("MHW", "SU"):
            _online_session(lead, participants[f"{code}{number}"], ANSWERS[f"{code}{number}"])
    for number in range(5, 9):
        for code in ("MHW", "SU"):
            _in_person_session(lead, participants[f"{code}{number}"])


def _interview_day(participant):
    """The day the recruitment history says the participant was interviewed."""
    event = participant.recruitment_events.filter(status="interviewed").order_by("at").first()
    return event.at if event else RECRUITMENT_STARTED + timedelta(days=60)


def _online_session(lead, participant, answers: dict) -> None:
    session, _token = services.session_create(
        actor=lead, participant=participant, mode=SessionMode.ONLINE
    )
    pages = session_pages(session)
    for page in pages:
        texts = (
            answers["vignettes"][_vignette_index(page)] if page.vignette else [answers["closing"]]
        )
        typed = dict(zip([question.pk for question in page.questions], texts, strict=True))
        services.answers_save(session=session, page=page, answers=typed)
        services.page_complete(session=session, page=page)
    services.session_complete(session=session)
    _backdate(session, _interview_day(participant), minutes=40)


def _vignette_index(page) -> int:
    titles = [spec["title"] for spec in VIGNETTES]
    return titles.index(page.version.title)


def _in_person_session(lead, participant) -> None:
    session, _ = services.session_create(
        actor=lead, participant=participant, mode=SessionMode.IN_PERSON, interviewer=lead
    )
    services.session_start(actor=lead, session=session)
    services.session_complete(actor=lead, session=session)
    transcript = services.transcript_create(
        actor=lead, participant=participant, session=session, source=TranscriptSource.DOCX,
        turns=_interview_turns(session, INTERVIEWS[participant.pseudonym]),
    )  # fmt: skip
    _backdate(session, _interview_day(participant), minutes=55)
    dyad = int(participant.pseudonym.removeprefix("MHW").removeprefix("SU"))
    if dyad <= 6:
        for term, kind in IDENTIFIERS[participant.pseudonym]:
            _redact(lead, transcript, term, kind)
    if dyad == 5:
        services.transcript_mark_ready(actor=lead, transcript=transcript)
    if participant.pseudonym == "MHW5":
        _demo_recording(lead, session, transcript)


def _redact(lead, transcript, term: str, kind: str) -> None:
    """Redacts a name, place or date, except where it names a vignette's own character
    (the worker Gareth of one vignette is not the participant's Gareth)."""
    version = transcript.versions.get(number=transcript.version)
    in_stories = {
        vignette.pk for vignette in Vignette.objects.filter(study=transcript.study)
        if term in vignette.current.text
    }  # fmt: skip
    starts = [
        place.start for place in services.occurrences(version.text, version.turns, term)
        if version.turns[place.turn][4] not in in_stories
    ]  # fmt: skip
    if starts:
        label = RedactionLabel.PSEUDONYM if kind == "name" else RedactionLabel(kind)
        services.transcript_redact(
            actor=lead, transcript=transcript, term=term, label=label, starts=starts
        )


# Speech at about 150 words a minute, with a short pause between turns.
WORDS_PER_SECOND = 2.5
PAUSE_MS = 1500


def _interview_turns(session: InterviewSession, interview: dict) -> list[services.Turn]:
    """The interview's turns in the order the session showed the vignettes, each timed
    as if read at a steady pace, with the vignette it belongs to."""
    keys = dict(zip(("money", "flat", "depot", "work", "abroad"), VIGNETTES, strict=True))
    titles = {spec["title"]: key for key, spec in keys.items()}
    sections = [(None, interview["opening"])]
    for shown in session.vignettes.select_related("version"):
        sections.append((shown.vignette_id, interview["vignettes"][titles[shown.version.title]]))
    sections.append((None, interview["closing"]))
    pseudonym = session.participant.pseudonym
    turns, ms = [], 4000
    for vignette, section in sections:
        for speaker, words in section:
            name = services.INTERVIEWER if speaker == "Interviewer" else pseudonym
            turns.append(services.Turn(name, words, vignette, ms))
            ms += int(len(words.split()) / WORDS_PER_SECOND * 1000) + PAUSE_MS
    return turns


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
