"""Transcripts: the text that gets coded, made of speaker turns."""

from dataclasses import dataclass

from django.db import transaction

from studies import services as study_services

from ..models import InterviewSession, SpeakerTurn, Transcript, TranscriptSource, Vignette
from ..plan import session_pages

INTERVIEWER = "Interviewer"
TURN_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Turn:
    speaker: str
    text: str
    vignette: Vignette | None = None


def compose(turns: list[Turn]) -> tuple[str, list[tuple[Turn, int, int]]]:
    """The transcript text, one `Speaker: words` paragraph per turn, and each turn's
    [start, end) range of its words (without the speaker label) in code points. Plain
    text that reads as a transcript, while coding ranges never take in a label."""
    parts: list[str] = []
    ranges = []
    offset = 0
    for turn in turns:
        if parts:
            parts.append(TURN_SEPARATOR)
            offset += len(TURN_SEPARATOR)
        label = f"{turn.speaker}: "
        words = turn.text.strip()
        parts.append(label + words)
        start = offset + len(label)
        ranges.append((turn, start, start + len(words)))
        offset = start + len(words)
    return "".join(parts), ranges


@transaction.atomic
def transcript_from_session(*, session: InterviewSession) -> Transcript:
    """The online session as a transcript: each vignette read out by the interviewer,
    each question asked, each answer given by the participant under their pseudonym.
    Made again from scratch if called twice."""
    participant = session.participant
    study_services.require_consent(participant)
    answers = {
        (r.question_id, r.vignette_id): r.text for r in session.responses.all() if r.text.strip()
    }
    turns: list[Turn] = []
    for page in session_pages(session):
        if page.vignette is not None:
            heading = f"Vignette {page.number}: {page.version.title}"
            turns.append(Turn(INTERVIEWER, f"{heading}\n{page.version.text}", page.vignette))
        for question in page.questions:
            turns.append(Turn(INTERVIEWER, question.prompt, page.vignette))
            answer = answers.get((question.pk, page.vignette.pk if page.vignette else None))
            if answer:
                turns.append(Turn(participant.pseudonym, answer, page.vignette))
    text, ranges = compose(turns)
    Transcript.objects.filter(session=session).delete()
    transcript = Transcript.objects.create(
        study=session.study, participant=participant, session=session,
        source=TranscriptSource.ONLINE, text=text,
    )  # fmt: skip
    SpeakerTurn.objects.bulk_create(
        SpeakerTurn(transcript=transcript, position=position, speaker=turn.speaker,
                    start=start, end=end, vignette=turn.vignette)
        for position, (turn, start, end) in enumerate(ranges)
    )  # fmt: skip
    return transcript
