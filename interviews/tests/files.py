"""Real-shaped files and participants the transcript tests share."""

import io
import wave

import docx

from studies import services as study_services
from tests.factories import give_consent


def new_worker(study, actor):
    """A new worker in `study`, with no consent yet."""
    return study_services.participant_add(
        actor=actor, study=study, role=study.roles.get(code="MHW"), site=None
    )


def consented(study, actor):
    """A new worker in `study` who agreed to every clause (recording included)."""
    participant = new_worker(study, actor)
    give_consent(participant, actor)
    return participant


def wav_bytes(samples: bytes = b"\x01\x00" * 800) -> bytes:
    """A real WAV file (16-bit mono, 8 kHz) holding `samples`."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(8000)
        out.writeframes(samples)
    return buffer.getvalue()


def docx_bytes(paragraphs: list[str]) -> bytes:
    """A Word document written by python-docx, one paragraph per item."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
