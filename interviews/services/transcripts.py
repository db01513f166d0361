"""Transcripts: the text that gets coded, made of speaker turns. Every change to the
text (import, correction, redaction) is a new version holding the whole text and its
turns; the text is always composed from the turns, one `Speaker: words` paragraph each."""

import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from studies import access
from studies import services as study_services
from studies.access import Action
from studies.erasure import delete_with_files
from studies.models import Participant, User

from .. import importers
from ..models import (
    ImportStatus,
    InterviewSession,
    InterviewSettings,
    Redaction,
    RedactionLabel,
    Response,
    SessionMode,
    SessionStatus,
    SessionVignette,
    SpeakerTurn,
    Transcript,
    TranscriptImport,
    TranscriptSource,
    TranscriptStatus,
    TranscriptVersion,
    VersionKind,
)
from ..plan import session_pages
from ..version_hooks import VersionWritten, version_written
from .task_names import TRANSCRIPT_IMPORT_PARSE

INTERVIEWER = "Interviewer"
TURN_SEPARATOR = "\n\n"
SPEAKER_MAX_CHARS = 60
IMPORT_KEPT_FOR = timedelta(days=1)
CONTEXT_CHARS = 40


@dataclass(frozen=True)
class Turn:
    speaker: str
    text: str
    vignette_id: int | None = None
    started_at_ms: int | None = None


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


def version_turns(text: str, rows: list) -> list[Turn]:
    """The turns stored with a version ([speaker, start, end, ms, vignette] rows)."""
    return [
        Turn(speaker, text[start:end], vignette, ms) for speaker, start, end, ms, vignette in rows
    ]


def transcript_turns(transcript: Transcript) -> list[Turn]:
    version = transcript.versions.get(number=transcript.version)
    return version_turns(version.text, version.turns)


def clean_text(text: str) -> str:
    """A turn's words as typed in a correction: NFC, "\\n" line endings, no control
    characters, no blank lines or trailing spaces."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _write(
    transcript: Transcript, turns: list[Turn], *, kind: str, actor: User | None, note: str = "",
    redacted: tuple[str, str] = ("", ""),
) -> TranscriptVersion:  # fmt: skip
    """Stores `turns` as the transcript's next version (its first if it has none)."""
    text, ranges = compose(turns)
    earlier, old_text = transcript.versions.exists(), transcript.text
    number = transcript.version + 1 if earlier else 1
    transcript.text, transcript.version, transcript.updated_at = text, number, timezone.now()
    transcript.save(update_fields=["text", "version", "updated_at"])
    version = TranscriptVersion.objects.create(
        transcript=transcript, number=number, kind=kind, note=note, text=text, created_by=actor,
        turns=[[t.speaker, start, end, t.started_at_ms, t.vignette_id] for t, start, end in ranges],
    )  # fmt: skip
    SpeakerTurn.objects.filter(transcript=transcript).delete()
    SpeakerTurn.objects.bulk_create(
        SpeakerTurn(transcript=transcript, position=position, speaker=turn.speaker,
                    start=start, end=end, started_at_ms=turn.started_at_ms,
                    vignette_id=turn.vignette_id)
        for position, (turn, start, end) in enumerate(ranges)
    )  # fmt: skip
    if earlier:
        # What other apps anchor in the text (coded segments) moves with it, now.
        version_written(
            VersionWritten(transcript=transcript, old_text=old_text, new_text=text,
                           number=number, kind=kind, redacted=redacted[0],
                           replacement=redacted[1])
        )  # fmt: skip
    return version


def _check_target(participant: Participant, session: InterviewSession | None) -> None:
    """One transcript per interview, and one per participant where there are none."""
    if session is None:
        if Transcript.objects.filter(participant=participant, session=None).exists():
            raise ValidationError(
                f"{participant.pseudonym} has a transcript already: open it to correct it."
            )
        return
    if session.participant_id != participant.pk:
        raise ValidationError("That session belongs to another participant.")
    if session.status == SessionStatus.ABANDONED:
        raise ValidationError("That session was abandoned; it cannot have a transcript.")
    if Transcript.objects.filter(session=session).exists():
        raise ValidationError(
            "This interview has a transcript already: open it to correct it instead."
        )


@transaction.atomic
def transcript_create(
    *, actor: User | None, participant: Participant, session: InterviewSession | None = None,
    source: str, turns: list[Turn], kind: str = VersionKind.IMPORTED,
) -> Transcript:  # fmt: skip
    """A new transcript of the participant's interview (`session`), or of the participant
    alone in a study without sessions. Goes through the consent gate."""
    if actor is not None:
        access.require(actor, participant.study, Action.TRANSCRIBE)
    study_services.require_consent(participant)
    _check_target(participant, session)
    turns = [turn for turn in turns if turn.text.strip()]
    if not turns:
        raise ValidationError("This transcript has no text in it.")
    transcript = Transcript.objects.create(
        study_id=participant.study_id, participant=participant, session=session, source=source,
        text="",
    )  # fmt: skip
    _write(transcript, turns, kind=kind, actor=actor)
    return transcript


@transaction.atomic
def transcript_from_session(*, session: InterviewSession) -> Transcript:
    """The online session as a transcript: each vignette read out by the interviewer,
    each question asked, each answer given by the participant under their pseudonym.
    Made again from scratch if called twice."""
    participant = session.participant
    answers = {
        (r.question_id, r.vignette_id): r.text for r in session.responses.all() if r.text.strip()
    }
    turns: list[Turn] = []
    for page in session_pages(session):
        vignette = page.vignette.pk if page.vignette else None
        if page.vignette is not None:
            heading = f"Vignette {page.number}: {page.version.title}"
            turns.append(Turn(INTERVIEWER, f"{heading}\n{page.version.text}", vignette))
        for question in page.questions:
            turns.append(Turn(INTERVIEWER, question.prompt, vignette))
            answer = answers.get((question.pk, vignette))
            if answer:
                turns.append(Turn(participant.pseudonym, answer, vignette))
    Transcript.objects.filter(session=session).delete()
    return transcript_create(
        actor=None, participant=participant, session=session, source=TranscriptSource.ONLINE,
        turns=turns, kind=VersionKind.GENERATED,
    )  # fmt: skip


# --- Import: upload, map the speakers, save -----------------------------------------------


def speaker_guess(label: str, participant: Participant) -> str:
    """The likely mapping of a speaker label found in a file."""
    if re.fullmatch(r"(?i)(interviewer|researcher|int|i|q|r)\d*", label.strip()):
        return INTERVIEWER
    return participant.pseudonym


# An import still being read after this long lost its task (a worker stopped, or the
# hard time limit ended it): a second task may claim it, and the pages call it refused.
IMPORT_PARSE_STALE_AFTER = timedelta(minutes=3)
_PARSE_TOO_LONG = (
    "Reading this file took too long, so it was stopped. Check that you chose the right "
    "file and that it holds one interview, then upload it again."
)


def _purge_old_imports() -> None:
    delete_with_files(
        TranscriptImport.objects.filter(created_at__lt=timezone.now() - IMPORT_KEPT_FOR)
    )


@transaction.atomic
def transcript_import_start(
    *, actor: User, participant: Participant, session: InterviewSession | None = None,
    filename: str, data: bytes,
) -> TranscriptImport:  # fmt: skip
    """Stores an uploaded file (under a random name) to be read in the background, and
    queues the reading once this commits. What can be known at once (access, consent,
    whose interview, the size) is checked here and raises ValidationError; whether the
    file can be read is the task's answer, in the import's status."""
    access.require(actor, participant.study, Action.TRANSCRIBE)
    study_services.require_consent(participant)
    _check_target(participant, session)
    if session is not None and session.mode == SessionMode.ONLINE:
        raise ValidationError(
            "An online session makes its own transcript when the participant sends their answers."
        )
    if len(data) > importers.MAX_TRANSCRIPT_BYTES:
        limit = importers.MAX_TRANSCRIPT_BYTES // 2**20
        raise ValidationError({"file": f"This file is over the {limit} MB limit for a transcript."})
    _purge_old_imports()
    upload = TranscriptImport(
        study_id=participant.study_id, participant=participant, session=session,
        created_by=actor, extension=os.path.splitext(filename)[1].lower()[:10],
    )  # fmt: skip
    upload.file.save("upload", ContentFile(data), save=False)
    upload.save()
    study_services.task_enqueue(task=TRANSCRIPT_IMPORT_PARSE, args=[upload.pk])
    return upload


def transcript_import_parse(*, upload_id: int) -> TranscriptImport | None:
    """Reads a stored upload into turns, or records why it cannot be imported, and
    deletes the file either way. Safe to run twice: a conditional UPDATE claims the
    import, so only one task reads it (a claim older than IMPORT_PARSE_STALE_AFTER was
    lost and may be taken again). Returns None when there was nothing to claim."""
    now = timezone.now()
    claimed = (
        TranscriptImport.objects.filter(pk=upload_id, status=ImportStatus.PARSING)
        .filter(Q(claimed_at=None) | Q(claimed_at__lt=now - IMPORT_PARSE_STALE_AFTER))
        .update(claimed_at=now)
    )
    if not claimed:
        return None
    upload = TranscriptImport.objects.get(pk=upload_id)
    try:
        with upload.file.open("rb") as stored:
            data = stored.read(importers.MAX_TRANSCRIPT_BYTES + 1)
        result = importers.read_transcript(
            f"upload{upload.extension}", data, progress=_progress_writer(upload_id)
        )
    except FileNotFoundError:  # discarded while waiting: nothing left to read
        return None
    except importers.ImportFailed as error:
        return _import_finish(upload, status=ImportStatus.REFUSED, error=str(error))
    turns = [[turn.speaker, turn.text, turn.started_at_ms] for turn in result.turns]
    return _import_finish(upload, status=ImportStatus.PARSED, source=result.source, turns=turns)


def transcript_import_refuse_slow(*, upload_id: int) -> TranscriptImport | None:
    """Gives up on an upload whose reading ran out of time."""
    upload = TranscriptImport.objects.filter(pk=upload_id, status=ImportStatus.PARSING).first()
    if upload is None:
        return None
    return _import_finish(upload, status=ImportStatus.REFUSED, error=_PARSE_TOO_LONG)


def _import_finish(upload: TranscriptImport, **fields) -> TranscriptImport | None:
    """Writes the outcome (unless the upload was discarded meanwhile) and deletes the file."""
    name, storage = upload.file.name, upload.file.storage
    written = TranscriptImport.objects.filter(pk=upload.pk, status=ImportStatus.PARSING).update(
        file="", progress=100, **fields
    )
    if name:
        storage.delete(name)
    if not written:
        return None
    upload.refresh_from_db()
    return upload


def _progress_writer(upload_id: int):
    """Writes the share read as a percent, at most every tenth, so a page can show it."""
    shown = 0

    def write(share: float) -> None:
        nonlocal shown
        percent = int(share * 100)
        if percent >= shown + 10:
            shown = percent
            TranscriptImport.objects.filter(pk=upload_id, status=ImportStatus.PARSING).update(
                progress=percent
            )

    return write


def import_state(upload: TranscriptImport) -> tuple[str, str]:
    """The status and message to show for an upload: one still being read long after
    its task should have ended is shown as refused, as it will never be read."""
    stale = upload.created_at < timezone.now() - IMPORT_PARSE_STALE_AFTER
    if upload.status == ImportStatus.PARSING and stale:
        return ImportStatus.REFUSED, _PARSE_TOO_LONG
    return upload.status, upload.error


def _speaker_label(value: str) -> str:
    label = " ".join(value.split())
    if not label:
        raise ValidationError("Choose who this speaker is.")
    if len(label) > SPEAKER_MAX_CHARS or ":" in label:
        raise ValidationError(
            f"A speaker's name is at most {SPEAKER_MAX_CHARS} characters, without a colon."
        )
    return label


@transaction.atomic
def transcript_import_save(
    *, actor: User, upload: TranscriptImport, mapping: dict[str, str | None]
) -> Transcript:
    """Saves an upload as a transcript, each speaker found renamed as `mapping` says (to
    the interviewer, the participant's pseudonym, or another label), or left out (None:
    a heading or a transcriber's note, say)."""
    access.require(actor, upload.study, Action.TRANSCRIBE)
    if upload.status != ImportStatus.PARSED:
        raise ValidationError(
            "This file has not been read yet."
            if upload.status == ImportStatus.PARSING
            else "This file could not be imported: upload it again once it is corrected."
        )
    errors = {}
    labels = {}
    for found in upload.speakers:
        if found in mapping and mapping[found] is None:
            labels[found] = None
            continue
        try:
            labels[found] = _speaker_label(mapping.get(found) or "")
        except ValidationError as error:
            errors[found or "(no speaker)"] = error.messages
    if errors:
        raise ValidationError(errors)
    turns = [
        Turn(labels[speaker], text, None, ms)
        for speaker, text, ms in upload.turns
        if labels[speaker] is not None
    ]
    if not turns:
        raise ValidationError("Every speaker is left out: there would be nothing to read.")
    transcript = transcript_create(
        actor=actor, participant=upload.participant, session=upload.session,
        source=upload.source, turns=turns,
    )  # fmt: skip
    upload.delete()
    return transcript


def transcript_import_discard(*, actor: User, upload: TranscriptImport) -> None:
    """Drops an upload whose speakers were never mapped; nothing of it is kept."""
    access.require(actor, upload.study, Action.TRANSCRIBE)
    delete_with_files(TranscriptImport.objects.filter(pk=upload.pk))


# --- Corrections and the freeze -------------------------------------------------------------


def _locked(actor: User, transcript: Transcript, base_version: int | None) -> Transcript:
    access.require(actor, transcript.study, Action.TRANSCRIBE)
    transcript = Transcript.objects.select_for_update().get(pk=transcript.pk)
    if base_version is not None and base_version != transcript.version:
        raise ValidationError(
            f"Someone saved version {transcript.version} of this transcript after you opened "
            f"version {base_version}. Your text is still here: copy it, reload the "
            "transcript and make the change again."
        )
    return transcript


@transaction.atomic
def transcript_correct(
    *, actor: User, transcript: Transcript, position: int, text: str, speaker: str | None = None,
    base_version: int | None = None, note: str = "",
) -> Transcript:  # fmt: skip
    """Corrects one turn's words (and, optionally, who spoke them) as a new version. Once
    the transcript is ready for coding a correction needs a reason."""
    transcript = _locked(actor, transcript, base_version)
    note = " ".join(note.split())[:300]
    if transcript.frozen and not note:
        raise ValidationError(
            {"note": "This transcript is ready for coding: say why it needs correcting."}
        )
    turns = transcript_turns(transcript)
    if not 0 <= position < len(turns):
        raise ValidationError({"position": "There is no such turn in this transcript."})
    words = clean_text(text)
    if not words:
        raise ValidationError({"text": "A turn cannot be empty."})
    old = turns[position]
    label = _speaker_label(speaker) if speaker is not None else old.speaker
    if words == old.text and label == old.speaker:
        raise ValidationError({"text": "Nothing was changed."})
    turns[position] = Turn(label, words, old.vignette_id, old.started_at_ms)
    _write(transcript, turns, kind=VersionKind.CORRECTED, actor=actor, note=note)
    return transcript


@transaction.atomic
def transcript_mark_ready(*, actor: User, transcript: Transcript) -> Transcript:
    """Freezes the current version for coding; later changes are new versions."""
    transcript = _locked(actor, transcript, None)
    if transcript.frozen:
        raise ValidationError("This transcript is already marked ready for coding.")
    transcript.status = TranscriptStatus.READY
    transcript.ready_version = transcript.version
    transcript.ready_at = timezone.now()
    transcript.ready_by = actor
    transcript.save(update_fields=["status", "ready_version", "ready_at", "ready_by"])
    return transcript


@transaction.atomic
def transcript_mark_vignettes(
    *, actor: User, transcript: Transcript, starts: dict[int, int], closing: int | None = None,
    base_version: int | None = None,
) -> Transcript:  # fmt: skip
    """Says where the talk about each vignette begins in an interview's transcript
    ({vignette id: turn position}) and, optionally, where the closing questions begin.
    Each turn then belongs to the vignette begun last before it (none before the first
    or from the closing questions on), so coding and comparisons can group an
    interview's words by vignette as they do an online session's. A new version; the
    words stay as they are."""
    transcript = _locked(actor, transcript, base_version)
    if transcript.session_id is None:
        raise ValidationError("Only the transcript of an interview session shows vignettes.")
    shown = set(
        SessionVignette.objects.filter(session_id=transcript.session_id).values_list(
            "vignette_id", flat=True
        )
    )
    if set(starts) - shown:
        raise ValidationError({"starts": "Only the vignettes this session showed can begin."})
    turns = transcript_turns(transcript)
    marks = [(position, vignette) for vignette, position in starts.items()]
    if closing is not None:
        marks.append((closing, None))
    positions = [position for position, _ in marks]
    if any(not 0 <= position < len(turns) for position in positions):
        raise ValidationError({"starts": "There is no such turn in this transcript."})
    if len(set(positions)) != len(positions):
        raise ValidationError({"starts": "Two vignettes cannot begin at the same turn."})
    begun = dict(marks)
    current = None
    marked = []
    for position, turn in enumerate(turns):
        current = begun.get(position, current)
        marked.append(Turn(turn.speaker, turn.text, current, turn.started_at_ms))
    if marked == turns:
        raise ValidationError("Nothing was changed.")
    _write(transcript, marked, kind=VersionKind.VIGNETTES, actor=actor)
    return transcript


@transaction.atomic
def transcript_mark_vignette_start(
    *, actor: User, transcript: Transcript, position: int, vignette: int | None,
    base_version: int | None = None,
) -> Transcript:  # fmt: skip
    """Says that the talk about one vignette (None: the closing questions) begins at
    turn `position`, keeping every other mark, as the reading view's button beside a
    turn does. A mark that began at that turn before gives way to this one."""
    # Locked first, so the marks kept are those of the version the researcher saw.
    transcript = _locked(actor, transcript, base_version)
    starts, closing = vignette_marks(transcript_turns(transcript))
    starts = {v: at for v, at in starts.items() if at != position and v != vignette}
    if vignette is None:
        closing = position
    elif closing == position:
        closing = None
    if vignette is not None:
        starts[vignette] = position
    return transcript_mark_vignettes(
        actor=actor, transcript=transcript, starts=starts, closing=closing,
        base_version=base_version,
    )  # fmt: skip


def vignette_marks(turns: list[Turn]) -> tuple[dict[int, int], int | None]:
    """Where each vignette's turns begin ({vignette id: turn position}), and where the
    turns without one begin again after them (the closing questions), or None."""
    starts: dict[int, int] = {}
    closing = None
    for position, turn in enumerate(turns):
        if turn.vignette_id is not None:
            starts.setdefault(turn.vignette_id, position)
        elif starts and closing is None:
            closing = position
    return starts, closing


# --- Redaction --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int
    before: str
    after: str
    turn: int  # its turn's position


def _pattern(term: str) -> re.Pattern:
    # A hyphen joins a word too: "Jo" is not redacted out of "Jo-Anne".
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])")


def words_redacted(text: str, term: str, replacement: str) -> str:
    """`text` with every whole-word `term` replaced, by the rule redaction uses, for
    copies of a transcript's words kept outside it."""
    return _pattern(term).sub(lambda _match: replacement, text)


def occurrences(text: str, rows: list, term: str) -> list[Occurrence]:
    """Where `term` occurs as a whole word inside the turns' words (never in a label)."""
    term = clean_text(term)
    if not term:
        return []
    pattern = _pattern(term)
    found = []
    for position, (_speaker, start, end, _ms, _vignette) in enumerate(rows):
        for match in pattern.finditer(text, start, end):
            found.append(
                Occurrence(
                    match.start(), match.end(),
                    text[max(start, match.start() - CONTEXT_CHARS) : match.start()],
                    text[match.end() : min(end, match.end() + CONTEXT_CHARS)], position,
                )
            )  # fmt: skip
    return found


def _replace(text: str, rows: list, spans: list[tuple[int, int]], replacement: str):
    """`text` with each span (inside one turn, not overlapping) replaced, and the turn
    rows moved to match. Returns the new text, rows and each replacement's start."""
    shifts = []  # (old end, change in length so far)
    parts, last, delta, starts = [], 0, 0, []
    for start, end in sorted(spans):
        parts += [text[last:start], replacement]
        starts.append(start + delta)
        delta += len(replacement) - (end - start)
        shifts.append((end, delta))
        last = end

    def moved(offset: int) -> int:
        change = 0
        for end, total in shifts:
            if end > offset:
                break
            change = total
        return offset + change

    parts.append(text[last:])
    new_rows = [[s, moved(a), moved(b), ms, v] for s, a, b, ms, v in rows]
    return "".join(parts), new_rows, starts


def _pseudonym_for(transcript: Transcript, original: str) -> str:
    """The same bracketed pseudonym for the same person across the study, or the next
    number. The study's settings row is locked while choosing, so two redactions at
    once never give two people one number."""
    InterviewSettings.objects.get_or_create(study_id=transcript.study_id)
    counter = InterviewSettings.objects.select_for_update().get(study_id=transcript.study_id)
    known = Redaction.objects.filter(
        transcript__study_id=transcript.study_id, label=RedactionLabel.PSEUDONYM
    ).values_list("original", "replacement")
    for name, replacement in known:
        if name.casefold() == original.casefold():
            return replacement
    counter.pseudonyms_given += 1
    counter.save(update_fields=["pseudonyms_given"])
    return f"[Person {counter.pseudonyms_given}]"


@transaction.atomic
def transcript_redact(
    *, actor: User, transcript: Transcript, term: str, label: str,
    starts: list[int] | None = None, replacement: str = "", base_version: int | None = None,
) -> list[Redaction]:  # fmt: skip
    """Replaces occurrences of `term` (those starting at `starts`, or all of them) with a
    bracketed label, as a new version. Earlier versions lose the term too, so no version
    keeps what was redacted; only the redaction log, apart from the data, does."""
    transcript = _locked(actor, transcript, base_version)
    term = clean_text(term)
    if not term:
        raise ValidationError({"term": "Type the words to redact."})
    if len(term) > 200:
        raise ValidationError({"term": "Redact at most 200 characters at a time."})
    if label not in RedactionLabel.values:
        raise ValidationError({"label": "Choose what to replace it with."})
    current = transcript.versions.get(number=transcript.version)
    found = occurrences(current.text, current.turns, term)
    if starts is not None:
        wanted = set(starts)
        found = [o for o in found if o.start in wanted]
        if len(found) != len(wanted):
            raise ValidationError(
                {"starts": "The transcript has changed since these places were found: look again."}
            )
    if not found:
        raise ValidationError({"term": f"“{term}” does not occur in this transcript's words."})
    if label == RedactionLabel.PSEUDONYM:
        text = " ".join(replacement.split())
        replacement = f"[{text.strip('[]')}]" if text else _pseudonym_for(transcript, term)
    else:
        replacement = str(RedactionLabel(label).label)
    if len(replacement) > 60 or "\n" in replacement:
        raise ValidationError({"replacement": "A replacement is at most 60 characters."})
    text, rows, new_starts = _replace(
        current.text, current.turns, [(o.start, o.end) for o in found], replacement
    )
    turns = version_turns(text, rows)
    note = f"{len(found)} × “{replacement}”"
    _write(
        transcript, turns, kind=VersionKind.REDACTED, actor=actor, note=note,
        redacted=(term, replacement),
    )  # fmt: skip
    for version in transcript.versions.exclude(number=transcript.version):
        spans = [(o.start, o.end) for o in occurrences(version.text, version.turns, term)]
        if spans:
            version.text, version.turns, _ = _replace(
                version.text, version.turns, spans, replacement
            )
            version.save(update_fields=["text", "turns"])
    if transcript.source == TranscriptSource.ONLINE:
        # The answers the transcript was made from are research data too (side by side,
        # the responses export): they lose the term as well.
        for response in Response.objects.filter(session_id=transcript.session_id):
            scrubbed = words_redacted(response.text, term, replacement)
            if scrubbed != response.text:
                response.text = scrubbed
                response.save(update_fields=["text"])
    return Redaction.objects.bulk_create(
        Redaction(transcript=transcript, version=transcript.version, original=term,
                  replacement=replacement, label=label, start=start, created_by=actor,
                  context=f"{o.before}{term}{o.after}"[:200])
        for o, start in zip(found, new_starts, strict=True)
    )  # fmt: skip
