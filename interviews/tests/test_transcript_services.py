"""The transcript and recording services: the consent gate, imports and their speaker
mapping, corrections as versions, the freeze, redaction (offsets, every version, the
log, pseudonyms across a study), withdrawal, and recordings checked by their content.
"""

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from interviews import services
from interviews.models import (
    Recording,
    Redaction,
    RedactionLabel,
    Response,
    SpeakerTurn,
    Transcript,
    TranscriptImport,
    TranscriptStatus,
    TranscriptVersion,
    VersionKind,
)
from interviews.plan import session_pages
from interviews.services import transcripts as transcript_services
from interviews.tests.files import consented, docx_bytes, new_worker, wav_bytes
from studies import services as study_services
from studies.models import Study
from tests.factories import UserFactory, publish_consent_form

Turn = services.Turn

# --- Helpers -------------------------------------------------------------------------


def _consented_without_recording(study, actor):
    """A participant who agreed to take part but refused the recording clause."""
    participant = new_worker(study, actor)
    form = study_services.published_document(study, "consent_form")
    form = form or publish_consent_form(study, actor)
    study_services.consent_record(
        actor=actor, participant=participant, signed_name="A participant", method="paper",
        answers={clause.pk: clause.governs != "recording" for clause in form.clauses.all()},
    )  # fmt: skip
    return participant


def _in_person(actor, participant):
    session, _token = services.session_create(
        actor=actor, participant=participant, mode="in_person"
    )
    return session


def _transcript(actor, participant, turns, session=None):
    return services.transcript_create(
        actor=actor, participant=participant, session=session, source="txt", turns=turns
    )


def _three_turns(participant) -> list[Turn]:
    return [
        Turn("Interviewer", "How did the meeting go?"),
        Turn(participant.pseudonym, "Sarah came with me to the meeting."),
        Turn("Interviewer", "And after that?"),
    ]


def _words(transcript) -> list[tuple[str, str]]:
    """(speaker, text[start:end]) of every stored speaker turn, in order."""
    transcript = Transcript.objects.get(pk=transcript.pk)
    return [
        (turn.speaker, transcript.text[turn.start : turn.end])
        for turn in transcript.turns.order_by("position")
    ]


def _version_words(version) -> list[tuple[str, str]]:
    """(speaker, text[start:end]) of every turn stored with a version."""
    return [(speaker, version.text[a:b]) for speaker, a, b, _ms, _v in version.turns]


def _exists(stored) -> bool:
    """Whether the storage still holds a stored file (a local folder or a bucket)."""
    return stored.storage.exists(stored.name)


TXT = (
    b"Interviewer: How did it go with the housing team?\n\n"
    b"Sarah: It went well.\nThey listened.\n\n"
    b"Mum: She was nervous.\n\n"
    b"Interviewer: Thank you."
)


@pytest.fixture
def participant(study, lead):
    return consented(study, lead)


@pytest.fixture
def transcript(lead, participant):
    return _transcript(lead, participant, _three_turns(participant))


# --- Creating: the consent gate and version 1 -----------------------------------------


def test_a_transcript_starts_as_version_one_with_its_turns(lead, participant):
    transcript = _transcript(lead, participant, _three_turns(participant))
    transcript.refresh_from_db()
    assert transcript.version == 1
    assert transcript.status == TranscriptStatus.DRAFT
    assert transcript.text == (
        "Interviewer: How did the meeting go?\n\n"
        "MHW1: Sarah came with me to the meeting.\n\n"
        "Interviewer: And after that?"
    )
    assert _words(transcript) == [
        ("Interviewer", "How did the meeting go?"),
        ("MHW1", "Sarah came with me to the meeting."),
        ("Interviewer", "And after that?"),
    ]
    (version,) = transcript.versions.all()
    assert (version.number, version.kind, version.text) == (
        1,
        VersionKind.IMPORTED,
        transcript.text,
    )
    assert _version_words(version) == _words(transcript)


def test_a_transcript_leaves_out_empty_turns(lead, participant):
    transcript = _transcript(
        lead,
        participant,
        [Turn("Interviewer", "Hello?"), Turn("MHW1", "  \n "), Turn("MHW1", "Hi.")],
    )
    assert _words(transcript) == [("Interviewer", "Hello?"), ("MHW1", "Hi.")]


def test_a_transcript_with_no_words_is_refused(lead, participant):
    with pytest.raises(ValidationError, match="no text"):
        _transcript(lead, participant, [Turn("Interviewer", "   ")])
    assert not Transcript.objects.exists()


def test_a_transcript_for_a_participant_without_consent_is_refused(study, lead):
    participant = new_worker(study, lead)
    with pytest.raises(study_services.ConsentRequired, match="has not given consent"):
        _transcript(lead, participant, _three_turns(participant))
    assert not Transcript.objects.exists()
    assert not TranscriptVersion.objects.exists()
    assert not SpeakerTurn.objects.exists()


def test_a_transcript_for_a_participant_who_withdrew_is_refused(lead, consent_admin, participant):
    study_services.withdrawal_record(actor=consent_admin, participant=participant, choice="keep")
    with pytest.raises(study_services.ConsentRequired, match="withdrawn"):
        _transcript(lead, participant, _three_turns(participant))
    assert not Transcript.objects.exists()
    assert not TranscriptVersion.objects.exists()


def test_a_coder_cannot_create_a_transcript(coder, participant):
    with pytest.raises(PermissionDenied):
        _transcript(coder, participant, _three_turns(participant))
    assert not Transcript.objects.exists()


# --- Importing a file and mapping its speakers --------------------------------------------


def test_importing_a_text_file_keeps_its_turns_and_speakers_until_mapped(
    lead, participant, start_import
):
    upload = start_import(actor=lead, participant=participant, filename="interview.txt", data=TXT)
    upload.refresh_from_db()
    assert upload.source == "txt"
    assert upload.speakers == ["Interviewer", "Sarah", "Mum"]
    assert upload.turns == [
        ["Interviewer", "How did it go with the housing team?", None],
        ["Sarah", "It went well.\nThey listened.", None],
        ["Mum", "She was nervous.", None],
        ["Interviewer", "Thank you.", None],
    ]
    assert upload.participant == participant
    assert upload.created_by == lead
    assert not Transcript.objects.exists()


def test_importing_a_word_document_reads_its_paragraphs_as_turns(lead, participant, start_import):
    data = docx_bytes(
        ["Interviewer: Where do you live now?", "Sarah: In a flat of my own.", "R: Good."]
    )
    upload = start_import(actor=lead, participant=participant, filename="interview.docx", data=data)
    assert upload.source == "docx"
    assert upload.speakers == ["Interviewer", "Sarah", "R"]
    assert [text for _speaker, text, _ms in upload.turns] == [
        "Where do you live now?",
        "In a flat of my own.",
        "Good.",
    ]


def test_the_likely_mapping_guesses_the_interviewer_and_the_participant(participant):
    guesses = {
        label: services.speaker_guess(label, participant)
        for label in ("Interviewer", "R", "Q1", "Sarah")
    }
    assert guesses == {"Interviewer": "Interviewer", "R": "Interviewer", "Q1": "Interviewer",
                       "Sarah": "MHW1"}  # fmt: skip


def test_saving_an_import_renames_each_speaker_as_mapped(lead, participant, start_import):
    upload = start_import(actor=lead, participant=participant, filename="interview.txt", data=TXT)
    transcript = services.transcript_import_save(
        actor=lead, upload=upload,
        mapping={"Interviewer": "Interviewer", "Sarah": "MHW1", "Mum": "  Family   member "},
    )  # fmt: skip
    assert _words(transcript) == [
        ("Interviewer", "How did it go with the housing team?"),
        ("MHW1", "It went well.\nThey listened."),
        ("Family member", "She was nervous."),
        ("Interviewer", "Thank you."),
    ]
    assert "Sarah" not in transcript.text
    assert "Mum" not in transcript.text
    assert (transcript.source, transcript.version, transcript.participant) == (
        "txt",
        1,
        participant,
    )
    assert not TranscriptImport.objects.filter(pk=upload.pk).exists()


@pytest.mark.parametrize(
    ("label", "message"),
    [("", "Choose who this speaker is"), ("   ", "Choose who this speaker is"),
     ("Mum: mother", "without a colon"), ("x" * 61, "at most 60 characters")],
)  # fmt: skip
def test_a_speaker_mapped_to_an_empty_label_or_one_with_a_colon_is_refused(
    lead, participant, label, message, start_import
):
    upload = start_import(actor=lead, participant=participant, filename="interview.txt", data=TXT)
    with pytest.raises(ValidationError) as caught:
        services.transcript_import_save(
            actor=lead, upload=upload,
            mapping={"Interviewer": "Interviewer", "Sarah": "MHW1", "Mum": label},
        )  # fmt: skip
    assert list(caught.value.message_dict) == ["Mum"]
    assert message in caught.value.message_dict["Mum"][0]
    assert not Transcript.objects.exists()
    assert TranscriptImport.objects.filter(pk=upload.pk).exists()


def test_a_speaker_left_out_of_the_mapping_is_refused(lead, participant, start_import):
    upload = start_import(actor=lead, participant=participant, filename="interview.txt", data=TXT)
    with pytest.raises(ValidationError) as caught:
        services.transcript_import_save(actor=lead, upload=upload, mapping={"Sarah": "MHW1"})
    assert set(caught.value.message_dict) == {"Interviewer", "Mum"}
    assert not Transcript.objects.exists()
    assert TranscriptImport.objects.filter(pk=upload.pk).exists()


def test_a_speaker_mapped_to_none_is_left_out(lead, participant, start_import):
    data = b"Transcript of interview 3\n\nInterviewer: How was it?\n\nSarah: Good."
    upload = start_import(actor=lead, participant=participant, filename="interview.txt", data=data)
    assert upload.speakers == ["", "Interviewer", "Sarah"]
    transcript = services.transcript_import_save(
        actor=lead, upload=upload, mapping={"": None, "Interviewer": "Interviewer", "Sarah": "MHW1"}
    )
    assert _words(transcript) == [("Interviewer", "How was it?"), ("MHW1", "Good.")]
    assert "Transcript of interview" not in transcript.text


def test_leaving_every_speaker_out_is_refused_and_keeps_the_upload(lead, participant, start_import):
    upload = start_import(actor=lead, participant=participant, filename="interview.txt", data=TXT)
    with pytest.raises(ValidationError, match="nothing to read"):
        services.transcript_import_save(
            actor=lead, upload=upload, mapping=dict.fromkeys(upload.speakers)
        )
    assert not Transcript.objects.exists()
    assert TranscriptImport.objects.filter(pk=upload.pk).exists()


def test_a_participant_without_sessions_has_at_most_one_transcript(
    lead, participant, transcript, start_import
):
    with pytest.raises(ValidationError, match="has a transcript already"):
        start_import(actor=lead, participant=participant, filename="again.txt", data=TXT)
    with pytest.raises(ValidationError, match="has a transcript already"):
        _transcript(lead, participant, _three_turns(participant))
    assert list(Transcript.objects.all()) == [transcript]
    assert not TranscriptImport.objects.exists()


def test_a_file_that_cannot_be_read_is_refused_and_only_the_reason_is_kept(
    lead, participant, start_import
):
    upload = start_import(
        actor=lead, participant=participant, filename="interview.docx", data=b"not a zip"
    )
    assert upload.status == "refused"
    assert upload.error.startswith("This is not a Word .docx file")
    assert (upload.turns, upload.source, upload.file.name) == ([], "", "")
    assert not Transcript.objects.exists()


def test_an_import_for_a_participant_without_consent_is_refused(study, lead, start_import):
    participant = new_worker(study, lead)
    with pytest.raises(study_services.ConsentRequired):
        start_import(actor=lead, participant=participant, filename="interview.txt", data=TXT)
    assert not TranscriptImport.objects.exists()


def test_a_coder_cannot_import(coder, participant, start_import):
    with pytest.raises(PermissionDenied):
        start_import(actor=coder, participant=participant, filename="interview.txt", data=TXT)
    assert not TranscriptImport.objects.exists()


def test_an_import_for_a_session_that_has_a_transcript_is_refused(
    lead, participant, vignettes, start_import
):
    session = _in_person(lead, participant)
    _transcript(lead, participant, _three_turns(participant), session=session)
    with pytest.raises(ValidationError, match="has a transcript already"):
        start_import(
            actor=lead, participant=participant, session=session, filename="a.txt", data=TXT
        )
    assert not TranscriptImport.objects.exists()
    assert Transcript.objects.filter(session=session).count() == 1


def test_saving_an_import_for_a_session_transcribed_meanwhile_is_refused(
    lead, participant, vignettes, start_import
):
    session = _in_person(lead, participant)
    upload = start_import(
        actor=lead, participant=participant, session=session, filename="a.txt", data=TXT
    )
    first = _transcript(lead, participant, _three_turns(participant), session=session)
    with pytest.raises(ValidationError, match="has a transcript already"):
        services.transcript_import_save(
            actor=lead, upload=upload,
            mapping={"Interviewer": "Interviewer", "Sarah": "MHW1", "Mum": "Mother"},
        )  # fmt: skip
    assert list(Transcript.objects.all()) == [first]
    assert TranscriptImport.objects.filter(pk=upload.pk).exists()


def test_an_import_older_than_a_day_is_purged_on_the_next_import(lead, participant, start_import):
    stale = start_import(actor=lead, participant=participant, filename="a.txt", data=TXT)
    recent = start_import(actor=lead, participant=participant, filename="b.txt", data=TXT)
    now = timezone.now()
    TranscriptImport.objects.filter(pk=stale.pk).update(created_at=now - timedelta(hours=25))
    TranscriptImport.objects.filter(pk=recent.pk).update(created_at=now - timedelta(hours=23))
    newest = start_import(actor=lead, participant=participant, filename="c.txt", data=TXT)
    assert set(TranscriptImport.objects.values_list("pk", flat=True)) == {recent.pk, newest.pk}


# --- Corrections ----------------------------------------------------------------------------


def test_a_correction_makes_a_new_version_and_keeps_the_earlier_one(lead, transcript):
    before = transcript.versions.get(number=1)
    before_text, before_turns = before.text, list(before.turns)
    services.transcript_correct(
        actor=lead, transcript=transcript, position=1, base_version=1,
        text="  Sarah came with me to the meeting at the clinic.\r\nShe waited outside.  ",
    )  # fmt: skip
    transcript.refresh_from_db()
    assert transcript.version == 2
    assert transcript.text == (
        "Interviewer: How did the meeting go?\n\n"
        "MHW1: Sarah came with me to the meeting at the clinic.\nShe waited outside.\n\n"
        "Interviewer: And after that?"
    )
    expected = [
        ("Interviewer", "How did the meeting go?"),
        ("MHW1", "Sarah came with me to the meeting at the clinic.\nShe waited outside."),
        ("Interviewer", "And after that?"),
    ]
    assert _words(transcript) == expected
    new = transcript.versions.get(number=2)
    assert (new.kind, new.created_by, new.text) == (VersionKind.CORRECTED, lead, transcript.text)
    assert _version_words(new) == expected
    # The stored turns and the version's turns agree, row for row.
    rows = [[t.speaker, t.start, t.end] for t in transcript.turns.order_by("position")]
    assert rows == [row[:3] for row in new.turns]
    before.refresh_from_db()
    assert (before.text, before.turns) == (before_text, before_turns)


def test_a_correction_can_change_who_spoke(lead, transcript):
    services.transcript_correct(
        actor=lead, transcript=transcript, position=2, text="And after that?",
        speaker="Interpreter", base_version=1,
    )  # fmt: skip
    assert _words(transcript)[2] == ("Interpreter", "And after that?")
    assert transcript.turns.get(position=2).speaker == "Interpreter"


def test_a_correction_to_a_stale_version_is_refused_and_changes_nothing(
    lead, researcher, transcript
):
    services.transcript_correct(
        actor=researcher, transcript=transcript, position=0, text="How was it?", base_version=1
    )
    transcript.refresh_from_db()
    text, turns = transcript.text, _words(transcript)
    with pytest.raises(ValidationError) as caught:
        services.transcript_correct(
            actor=lead, transcript=transcript, position=2, text="And then?", base_version=1
        )
    assert caught.value.messages == [
        "Someone saved version 2 of this transcript after you opened version 1. Your text is "
        "still here: copy it, reload the transcript and make the change again."
    ]
    transcript.refresh_from_db()
    assert (transcript.version, transcript.text, _words(transcript)) == (2, text, turns)
    assert transcript.versions.count() == 2


@pytest.mark.parametrize("text", ["", "   ", "\n\r\n \t"])
def test_a_correction_to_an_empty_turn_is_refused(lead, transcript, text):
    with pytest.raises(ValidationError) as caught:
        services.transcript_correct(
            actor=lead, transcript=transcript, position=1, text=text, base_version=1
        )
    assert caught.value.message_dict == {"text": ["A turn cannot be empty."]}
    transcript.refresh_from_db()
    assert transcript.version == 1


def test_a_correction_to_a_turn_that_does_not_exist_is_refused(lead, transcript):
    with pytest.raises(ValidationError) as caught:
        services.transcript_correct(
            actor=lead, transcript=transcript, position=3, text="Words.", base_version=1
        )
    assert "position" in caught.value.message_dict
    assert transcript.versions.count() == 1


def test_a_coder_cannot_correct(coder, transcript):
    with pytest.raises(PermissionDenied):
        services.transcript_correct(
            actor=coder, transcript=transcript, position=0, text="Changed.", base_version=1
        )
    assert transcript.versions.count() == 1


def test_marking_ready_freezes_the_current_version(lead, transcript):
    services.transcript_correct(
        actor=lead, transcript=transcript, position=0, text="How was it?", base_version=1
    )
    services.transcript_mark_ready(actor=lead, transcript=transcript)
    transcript.refresh_from_db()
    assert transcript.status == TranscriptStatus.READY
    assert transcript.frozen
    assert (transcript.ready_version, transcript.ready_by) == (2, lead)
    assert transcript.ready_at is not None
    with pytest.raises(ValidationError, match="already marked ready"):
        services.transcript_mark_ready(actor=lead, transcript=transcript)


def test_once_ready_a_correction_needs_a_note(lead, transcript):
    services.transcript_mark_ready(actor=lead, transcript=transcript)
    with pytest.raises(ValidationError) as caught:
        services.transcript_correct(
            actor=lead, transcript=transcript, position=0, text="How was it?", base_version=1,
            note="   ",
        )  # fmt: skip
    assert list(caught.value.message_dict) == ["note"]
    assert transcript.versions.count() == 1
    services.transcript_correct(
        actor=lead, transcript=transcript, position=0, text="How was it?", base_version=1,
        note="Misheard   the question",
    )  # fmt: skip
    transcript.refresh_from_db()
    assert transcript.version == 2
    assert transcript.versions.get(number=2).note == "Misheard the question"
    # The frozen version stays the one that was marked ready.
    assert (transcript.status, transcript.ready_version) == (TranscriptStatus.READY, 1)


# --- Redaction ------------------------------------------------------------------------------

SARAH_TURNS = [
    Turn("Interviewer", "Who went with you?"),
    Turn("MHW1", "Sarah did. Sarah always comes."),
    Turn("Interviewer", "Did Sarah stay?"),
    Turn("MHW1", "Yes."),
]


@pytest.fixture
def sarah(lead, participant):
    return _transcript(lead, participant, SARAH_TURNS)


def test_redacting_one_occurrence_by_its_start_leaves_the_others(lead, sarah):
    found = services.occurrences(sarah.text, sarah.versions.get().turns, "Sarah")
    assert [sarah.text[o.start : o.end] for o in found] == ["Sarah"] * 3
    assert [o.turn for o in found] == [1, 1, 2]
    (done,) = services.transcript_redact(
        actor=lead, transcript=sarah, term="Sarah", label=RedactionLabel.NAME,
        starts=[found[1].start], base_version=1,
    )  # fmt: skip
    assert _words(sarah) == [
        ("Interviewer", "Who went with you?"),
        ("MHW1", "Sarah did. [name] always comes."),
        ("Interviewer", "Did Sarah stay?"),
        ("MHW1", "Yes."),
    ]
    assert done.start == found[1].start


def test_redacting_all_occurrences_replaces_every_one_and_moves_later_turns(lead, sarah):
    done = services.transcript_redact(
        actor=lead, transcript=sarah, term="Sarah", label=RedactionLabel.NAME
    )
    assert len(done) == 3
    sarah.refresh_from_db()
    assert "Sarah" not in sarah.text
    assert sarah.version == 2
    expected = [
        ("Interviewer", "Who went with you?"),
        ("MHW1", "[name] did. [name] always comes."),
        ("Interviewer", "Did [name] stay?"),
        ("MHW1", "Yes."),
    ]
    assert _words(sarah) == expected
    current = sarah.versions.get(number=2)
    assert (current.kind, current.text) == (VersionKind.REDACTED, sarah.text)
    assert _version_words(current) == expected
    # Every label still sits right before its turn's words.
    for turn in sarah.turns.all():
        assert sarah.text[: turn.start].endswith(f"{turn.speaker}: ")


def test_redaction_matches_only_whole_words(lead, participant):
    transcript = _transcript(
        lead, participant,
        [Turn("MHW1", "Sarah and Sarahs and Sarah's and MarySarah and SARAH.")],
    )  # fmt: skip
    done = services.transcript_redact(
        actor=lead, transcript=transcript, term="Sarah", label=RedactionLabel.NAME
    )
    assert len(done) == 2
    assert _words(transcript) == [
        ("MHW1", "[name] and Sarahs and [name]'s and MarySarah and SARAH.")
    ]


def test_redaction_never_touches_a_speaker_label(lead, participant):
    transcript = _transcript(
        lead, participant,
        [Turn("Sarah", "I am her sister."), Turn("MHW1", "Sarah helps me.")],
    )  # fmt: skip
    found = services.occurrences(transcript.text, transcript.versions.get().turns, "Sarah")
    assert len(found) == 1
    services.transcript_redact(
        actor=lead, transcript=transcript, term="Sarah", label=RedactionLabel.NAME
    )
    transcript.refresh_from_db()
    assert transcript.text == "Sarah: I am her sister.\n\nMHW1: [name] helps me."
    assert _words(transcript) == [("Sarah", "I am her sister."), ("MHW1", "[name] helps me.")]


def test_a_term_found_only_in_a_speaker_label_is_refused(lead, participant):
    transcript = _transcript(lead, participant, [Turn("Sarah", "Hello."), Turn("MHW1", "Hi.")])
    with pytest.raises(ValidationError) as caught:
        services.transcript_redact(
            actor=lead, transcript=transcript, term="Sarah", label=RedactionLabel.NAME
        )
    assert "does not occur" in caught.value.message_dict["term"][0]
    assert transcript.versions.count() == 1
    assert not Redaction.objects.exists()


def test_redaction_removes_the_term_from_earlier_versions_too(lead, sarah):
    services.transcript_correct(
        actor=lead, transcript=sarah, position=3, text="Yes, Sarah stayed.", base_version=1
    )
    services.transcript_redact(
        actor=lead, transcript=sarah, term="Sarah", label=RedactionLabel.NAME, base_version=2
    )
    sarah.refresh_from_db()
    assert sarah.version == 3
    for version in sarah.versions.all():
        assert "Sarah" not in version.text, version.number
    first, second = sarah.versions.get(number=1), sarah.versions.get(number=2)
    assert _version_words(first) == [
        ("Interviewer", "Who went with you?"),
        ("MHW1", "[name] did. [name] always comes."),
        ("Interviewer", "Did [name] stay?"),
        ("MHW1", "Yes."),
    ]
    assert _version_words(second)[3] == ("MHW1", "Yes, [name] stayed.")
    assert (first.kind, second.kind) == (VersionKind.IMPORTED, VersionKind.CORRECTED)


def test_redaction_writes_the_log(lead, sarah):
    done = services.transcript_redact(
        actor=lead, transcript=sarah, term="Sarah", label=RedactionLabel.PLACE
    )
    sarah.refresh_from_db()
    rows = list(Redaction.objects.filter(transcript=sarah).order_by("start"))
    assert [r.pk for r in rows] == sorted(r.pk for r in done)
    assert {(r.original, r.replacement, r.label, r.version, r.created_by) for r in rows} == {
        ("Sarah", "[place]", "place", 2, lead)
    }
    for row in rows:
        assert sarah.text[row.start : row.start + len("[place]")] == "[place]"
    assert [r.context for r in rows] == [
        "Sarah did. Sarah always comes.",
        "Sarah did. Sarah always comes.",
        "Did Sarah stay?",
    ]


def test_a_stale_redaction_is_refused_and_changes_nothing(lead, sarah):
    services.transcript_correct(
        actor=lead, transcript=sarah, position=3, text="No.", base_version=1
    )
    with pytest.raises(ValidationError, match="Someone saved version 2"):
        services.transcript_redact(
            actor=lead, transcript=sarah, term="Sarah", label="name", base_version=1
        )
    sarah.refresh_from_db()
    assert sarah.version == 2
    assert "Sarah" in sarah.text
    assert not Redaction.objects.exists()


def test_a_redaction_at_a_start_that_is_no_occurrence_is_refused(lead, sarah):
    with pytest.raises(ValidationError) as caught:
        services.transcript_redact(
            actor=lead, transcript=sarah, term="Sarah", label="name", starts=[0]
        )
    assert "starts" in caught.value.message_dict
    assert sarah.versions.count() == 1
    assert not Redaction.objects.exists()


def test_a_person_keeps_one_pseudonym_across_the_studys_transcripts(study, lead, outsider):
    first = consented(study, lead)
    second = consented(study, lead)
    one = _transcript(lead, first, [Turn(first.pseudonym, "Sarah and John came.")])
    two = _transcript(lead, second, [Turn(second.pseudonym, "I saw Sarah, then Peter.")])
    services.transcript_redact(actor=lead, transcript=one, term="Sarah", label="pseudonym")
    services.transcript_redact(actor=lead, transcript=one, term="John", label="pseudonym")
    (again,) = services.transcript_redact(
        actor=lead, transcript=two, term="Sarah", label="pseudonym"
    )
    (new,) = services.transcript_redact(actor=lead, transcript=two, term="Peter", label="pseudonym")
    assert _words(one) == [("MHW1", "[Person 1] and [Person 2] came.")]
    assert _words(two) == [("MHW2", "I saw [Person 1], then [Person 3].")]
    assert (again.replacement, new.replacement) == ("[Person 1]", "[Person 3]")

    # Another study numbers its people on its own: its first person is [Person 1].
    other = Study.objects.get(memberships__user=outsider)
    theirs = consented(other, outsider)
    elsewhere = _transcript(outsider, theirs, [Turn(theirs.pseudonym, "Peter came.")])
    (own,) = services.transcript_redact(
        actor=outsider, transcript=elsewhere, term="Peter", label="pseudonym"
    )
    assert own.replacement == "[Person 1]"


def test_a_new_person_gets_the_next_pseudonym(study, lead):
    first = consented(study, lead)
    transcript = _transcript(lead, first, [Turn(first.pseudonym, "Sarah and John came.")])
    (sarah,) = services.transcript_redact(
        actor=lead, transcript=transcript, term="Sarah", label="pseudonym"
    )
    (john,) = services.transcript_redact(
        actor=lead, transcript=transcript, term="John", label="pseudonym"
    )
    assert (sarah.replacement, john.replacement) == ("[Person 1]", "[Person 2]")


def test_a_chosen_pseudonym_is_bracketed(lead, sarah):
    done = services.transcript_redact(
        actor=lead, transcript=sarah, term="Sarah", label="pseudonym", replacement="  Mum "
    )
    assert {r.replacement for r in done} == {"[Mum]"}
    assert _words(sarah)[2] == ("Interviewer", "Did [Mum] stay?")


def test_a_pseudonym_left_in_a_kept_transcript_is_not_given_to_another_person(
    study, lead, consent_admin
):
    first = consented(study, lead)
    second = consented(study, lead)
    kept = _transcript(lead, first, [Turn(first.pseudonym, "Sarah helped me.")])
    other = _transcript(lead, second, [Turn(second.pseudonym, "John helped me.")])
    services.transcript_redact(actor=lead, transcript=kept, term="Sarah", label="pseudonym")
    study_services.withdrawal_record(actor=consent_admin, participant=first, choice="keep")
    assert _words(kept) == [("MHW1", "[Person 1] helped me.")]
    (john,) = services.transcript_redact(
        actor=lead, transcript=other, term="John", label="pseudonym"
    )
    # [Person 1] is Sarah in MHW1's transcript, which the study kept.
    assert john.replacement != "[Person 1]"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_redactions_at_the_same_moment_never_give_two_people_one_pseudonym(postgres, monkeypatch):
    # Needs PostgreSQL: SQLite serialises all writers, so it cannot show a race.
    lead = UserFactory(username="lead")
    study = study_services.study_create(creator=lead, title="Race")
    first, second = consented(study, lead), consented(study, lead)
    one = _transcript(lead, first, [Turn(first.pseudonym, "Sarah came.")])
    two = _transcript(lead, second, [Turn(second.pseudonym, "John came.")])
    # Each redaction waits, once it has chosen, until the other has chosen too (or for
    # a while, if the other cannot choose yet because the first one holds a lock).
    both_chosen = threading.Barrier(2)
    choose = transcript_services._pseudonym_for

    def choose_then_wait(transcript, original):
        chosen = choose(transcript, original)
        try:
            both_chosen.wait(timeout=3)
        except threading.BrokenBarrierError:
            pass
        return chosen

    monkeypatch.setattr(transcript_services, "_pseudonym_for", choose_then_wait)
    given, failures = {}, []

    def redact(transcript, term):
        try:
            (row,) = services.transcript_redact(
                actor=lead, transcript=transcript, term=term, label="pseudonym"
            )
            given[term] = row.replacement
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=redact, args=(one, "Sarah")),
        threading.Thread(target=redact, args=(two, "John")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    assert sorted(given.values()) == ["[Person 1]", "[Person 2]"]


def test_offsets_stay_exact_around_text_outside_the_basic_multilingual_plane(lead, participant):
    transcript = _transcript(
        lead, participant,
        [
            Turn("Interviewer", "Who 🙂 helps? 𝒜"),
            Turn("MHW1", "😀 Sarah 😀 and 𝒜 Sarah."),
            Turn("Interviewer", "Does 😀 Sarah 😀 know?"),
            Turn("MHW1", "Yes 👍."),
        ],
    )  # fmt: skip
    done = services.transcript_redact(
        actor=lead, transcript=transcript, term="Sarah", label="pseudonym"
    )
    transcript.refresh_from_db()
    expected = [
        ("Interviewer", "Who 🙂 helps? 𝒜"),
        ("MHW1", "😀 [Person 1] 😀 and 𝒜 [Person 1]."),
        ("Interviewer", "Does 😀 [Person 1] 😀 know?"),
        ("MHW1", "Yes 👍."),
    ]
    assert _words(transcript) == expected
    assert _version_words(transcript.versions.get(number=2)) == expected
    assert _version_words(transcript.versions.get(number=1)) == expected
    for row in done:
        assert transcript.text[row.start : row.start + len("[Person 1]")] == "[Person 1]"
    # Code points, not UTF-16 units: the first replacement starts right after "MHW1: 😀 ".
    first_turn_end = len("Interviewer: Who 🙂 helps? 𝒜\n\nMHW1: 😀 ")
    assert min(row.start for row in done) == first_turn_end


def test_a_coder_cannot_redact(coder, sarah):
    with pytest.raises(PermissionDenied):
        services.transcript_redact(actor=coder, transcript=sarah, term="Sarah", label="name")
    assert "Sarah" in Transcript.objects.get(pk=sarah.pk).text
    assert not Redaction.objects.exists()


# --- Withdrawal ---------------------------------------------------------------------------


def test_a_withdrawal_keeping_the_data_erases_only_the_redaction_log(
    study, lead, consent_admin, participant, sarah
):
    other = consented(study, lead)
    theirs = _transcript(lead, other, [Turn(other.pseudonym, "Sarah was there.")])
    services.transcript_redact(actor=lead, transcript=sarah, term="Sarah", label="name")
    services.transcript_redact(actor=lead, transcript=theirs, term="Sarah", label="name")
    study_services.withdrawal_record(actor=consent_admin, participant=participant, choice="keep")
    assert not Redaction.objects.filter(transcript=sarah).exists()
    assert Redaction.objects.filter(transcript=theirs).count() == 1
    sarah.refresh_from_db()
    assert sarah.version == 2
    assert sarah.versions.count() == 2
    assert _words(sarah)[1] == ("MHW1", "[name] did. [name] always comes.")


def test_a_withdrawal_removing_everything_erases_transcripts_versions_and_recordings(
    study, lead, consent_admin, participant, vignettes, django_capture_on_commit_callbacks
):
    session = _in_person(lead, participant)
    transcript = _transcript(lead, participant, SARAH_TURNS, session=session)
    services.transcript_redact(actor=lead, transcript=transcript, term="Sarah", label="name")
    recording = services.recording_upload(
        actor=lead, session=session, file=SimpleUploadedFile("talk.wav", wav_bytes())
    )
    stored = recording.file
    assert _exists(stored)
    other = consented(study, lead)
    kept = _transcript(lead, other, [Turn(other.pseudonym, "Mine stays.")])

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        study_services.withdrawal_record(
            actor=consent_admin, participant=participant, choice="remove_all"
        )
    assert callbacks
    assert not Transcript.objects.filter(participant=participant).exists()
    assert not TranscriptVersion.objects.filter(transcript_id=transcript.pk).exists()
    assert not SpeakerTurn.objects.filter(transcript_id=transcript.pk).exists()
    assert not Redaction.objects.exists()
    assert not Recording.objects.exists()
    assert not _exists(stored)
    assert list(Transcript.objects.all()) == [kept]


def test_a_removal_deletes_the_recording_file_only_after_commit(
    lead, consent_admin, participant, vignettes, django_capture_on_commit_callbacks
):
    session = _in_person(lead, participant)
    recording = services.recording_upload(
        actor=lead, session=session, file=SimpleUploadedFile("talk.wav", wav_bytes())
    )
    stored = recording.file
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        study_services.withdrawal_record(
            actor=consent_admin, participant=participant, choice="remove_all"
        )
    # Rolled back, the rows would come back: the file must still be there until commit.
    assert _exists(stored)
    for callback in callbacks:
        callback()
    assert not _exists(stored)


# --- Recordings -----------------------------------------------------------------------------


def test_a_recording_without_consent_to_recording_is_refused(study, lead, vignettes):
    participant = _consented_without_recording(study, lead)
    session = _in_person(lead, participant)
    with pytest.raises(study_services.ConsentRequired, match="did not agree to audio recording"):
        services.recording_upload(
            actor=lead, session=session, file=SimpleUploadedFile("talk.wav", wav_bytes())
        )
    assert not Recording.objects.exists()


def test_a_file_that_is_not_audio_is_refused_whatever_its_name(lead, participant, vignettes):
    session = _in_person(lead, participant)
    pdf = SimpleUploadedFile("talk.mp3", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    with pytest.raises(ValidationError) as caught:
        services.recording_upload(actor=lead, session=session, file=pdf)
    assert "PDF" in caught.value.message_dict["file"][0]
    assert not Recording.objects.exists()


def test_a_wav_recording_is_stored_under_a_random_name(lead, participant, vignettes):
    session = _in_person(lead, participant)
    data = wav_bytes()
    recording = services.recording_upload(
        actor=lead, session=session, file=SimpleUploadedFile("sarah-smith.mp3", data)
    )
    recording.refresh_from_db()
    assert (recording.mime, recording.extension, recording.size) == ("audio/wav", "wav", len(data))
    assert (recording.session, recording.participant, recording.uploaded_by) == (
        session, participant, lead,
    )  # fmt: skip
    assert "sarah" not in recording.file.name
    assert recording.file.name.endswith(".wav")
    with recording.file.open("rb") as stored:
        assert stored.read() == data
    assert recording.file.name.startswith(f"recordings/{recording.study_id}/")


def test_a_coder_cannot_upload_a_recording(coder, lead, participant, vignettes):
    session = _in_person(lead, participant)
    with pytest.raises(PermissionDenied):
        services.recording_upload(
            actor=coder, session=session, file=SimpleUploadedFile("talk.wav", wav_bytes())
        )
    assert not Recording.objects.exists()


def test_replacing_a_recording_deletes_the_old_row_and_file(
    lead, participant, vignettes, django_capture_on_commit_callbacks
):
    session = _in_person(lead, participant)
    old = services.recording_upload(
        actor=lead,
        session=session,
        file=SimpleUploadedFile("one.wav", wav_bytes(b"\x01\x00" * 800)),
    )
    old_file = old.file
    with django_capture_on_commit_callbacks(execute=True):
        new = services.recording_upload(
            actor=lead,
            session=session,
            file=SimpleUploadedFile("two.wav", wav_bytes(b"\x01\x00" * 1600)),
        )
    assert list(Recording.objects.all()) == [new]
    assert not Recording.objects.filter(pk=old.pk).exists()
    assert not _exists(old_file)
    assert _exists(new.file)
    assert new.size == len(wav_bytes(b"\x01\x00" * 1600))


def test_deleting_a_recording_removes_its_file(
    lead, participant, vignettes, django_capture_on_commit_callbacks
):
    session = _in_person(lead, participant)
    recording = services.recording_upload(
        actor=lead, session=session, file=SimpleUploadedFile("one.wav", wav_bytes())
    )
    stored = recording.file
    with django_capture_on_commit_callbacks(execute=True):
        services.recording_delete(actor=lead, recording=recording)
    assert not Recording.objects.exists()
    assert not _exists(stored)


def test_redacting_an_online_transcript_also_redacts_the_answers_it_was_made_from(
    lead, online, follow_ups
):
    session, _token = online
    page = session_pages(session)[0]
    first, second = page.questions[:2]
    services.answers_save(
        session=session, page=page,
        answers={first.pk: "Sarah would ring the team.", second.pk: "Ask Sarah-Jane first."},
    )  # fmt: skip
    transcript = services.transcript_from_session(session=session)
    services.transcript_redact(actor=lead, transcript=transcript, term="Sarah", label="name")
    answers = dict(Response.objects.filter(session=session).values_list("question_id", "text"))
    assert answers[first.pk] == "[name] would ring the team."
    assert answers[second.pk] == "Ask Sarah-Jane first."  # another name, left alone
    transcript.refresh_from_db()
    assert "Sarah would" not in transcript.text
