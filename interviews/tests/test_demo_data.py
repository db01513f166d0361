"""The demo's texts are data files (interviews/demo_data/) read by the product's own
readers; these tests load the demo and check what the files must give, so a broken
file fails here rather than in front of someone trying the demo."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from interviews import demo, demo_texts
from interviews.demo import DemoDataError, demo_answers, demo_vignettes
from interviews.models import (
    InterviewSession,
    Recording,
    Redaction,
    Response,
    SessionMode,
    SessionPause,
    Transcript,
    TranscriptStatus,
)
from interviews.services import INTERVIEWER
from studies.demo import DEMO_STUDY_SLUG
from studies.models import Study

IN_PERSON = [f"{code}{number}" for number in range(5, 9) for code in ("MHW", "SU")]
ONLINE = [f"{code}{number}" for number in range(1, 5) for code in ("MHW", "SU")]
LABELLED_PARAGRAPH = re.compile(r"\[\d\d:\d\d:\d\d\] (Interviewer|(MHW|SU)\d): \S")


def _interviews() -> dict:
    return json.loads((demo.DEMO_DATA / "interviews.json").read_text(encoding="utf-8"))


@pytest.fixture
def demo_study(db):
    call_command("load_demo")
    return Study.objects.get(slug=DEMO_STUDY_SLUG)


def _transcripts(study):
    return {
        t.participant.pseudonym: t
        for t in Transcript.objects.filter(study=study).select_related("participant", "session")
    }


def test_it_imports_every_interview_file_turn_by_turn_with_its_timestamps(demo_study):
    transcripts = _transcripts(demo_study)
    assert sorted(transcripts) == sorted(IN_PERSON + ONLINE)
    for pseudonym in IN_PERSON:
        transcript = transcripts[pseudonym]
        paragraphs = (demo.DEMO_DATA / "transcripts" / f"{pseudonym}.txt").read_text(
            encoding="utf-8"
        )
        paragraphs = paragraphs.strip().split("\n\n")
        # A paragraph that lost its label would join the turn before it.
        assert all(LABELLED_PARAGRAPH.match(paragraph) for paragraph in paragraphs), pseudonym
        turns = list(transcript.turns.order_by("position"))
        assert len(turns) == len(paragraphs), pseudonym
        assert transcript.source == "txt"
        assert {turn.speaker for turn in turns} == {INTERVIEWER, pseudonym}
        times = [turn.started_at_ms for turn in turns]
        assert None not in times and times == sorted(set(times)), pseudonym
        assert 2_000 <= len(transcript.text.split()) <= 4_500, pseudonym
    for pseudonym in ONLINE:
        assert transcripts[pseudonym].source == "online"
        assert 1_000 <= len(transcripts[pseudonym].text.split()) <= 2_000, pseudonym


def test_it_marks_each_interviews_vignettes_in_the_order_its_session_showed_them(demo_study):
    for pseudonym, transcript in _transcripts(demo_study).items():
        if pseudonym not in IN_PERSON:
            continue
        shown = list(
            transcript.session.vignettes.order_by("position").values_list("vignette_id", flat=True)
        )
        marks = list(transcript.turns.order_by("position").values_list("vignette_id", flat=True))
        # Opening talk, each vignette's turns together in the session's order, closing talk.
        runs = [mark for index, mark in enumerate(marks) if index == 0 or mark != marks[index - 1]]
        assert runs == [None, *shown, None], pseudonym


def test_it_redacts_dyads_5_and_6_and_leaves_7_and_8_naming_people(demo_study):
    transcripts = _transcripts(demo_study)
    for pseudonym, interview in _interviews().items():
        transcript = transcripts[pseudonym]
        for term in interview["identifiers"]:
            logged = Redaction.objects.filter(transcript=transcript, original=term).count()
            if pseudonym in ("MHW7", "SU7", "MHW8", "SU8"):
                assert term in transcript.text and logged == 0, (pseudonym, term)
                continue
            assert logged > 0, (pseudonym, term)
            for version in transcript.versions.all():
                # Not even where they talk about a vignette whose character shares the name
                # (SU5's worker Gareth, in the Gareth vignette's section).
                assert term not in version.text, (pseudonym, term, version.number)


def test_it_makes_dyad_5_ready_for_coding_with_a_recording_of_mhw5(demo_study):
    transcripts = _transcripts(demo_study)
    ready = {p for p, t in transcripts.items() if t.status == TranscriptStatus.READY}
    # Dyad 5 is made ready here (coding's demo makes dyad 6 ready too, to code it);
    # dyads 7 and 8 stay drafts, still naming people, for trying redaction.
    assert {"MHW5", "SU5"} <= ready
    assert not ready & {"MHW7", "SU7", "MHW8", "SU8"}
    assert transcripts["MHW5"].ready_version == transcripts["MHW5"].version
    recording = Recording.objects.get(study=demo_study)
    assert recording.session == transcripts["MHW5"].session


def test_it_saves_every_online_answer_as_the_data_file_has_it(demo_study):
    answers = demo_answers()
    keys = {spec.title: spec.key for spec in demo_vignettes()}
    sessions = InterviewSession.objects.filter(study=demo_study, mode=SessionMode.ONLINE)
    assert sorted(s.participant.pseudonym for s in sessions) == sorted(ONLINE)
    for session in sessions:
        typed = answers[session.participant.pseudonym]
        responses = Response.objects.filter(session=session).select_related(
            "question", "vignette__current"
        )
        assert responses.count() == 5 * 2 + 1
        for response in responses:
            if response.vignette is None:
                assert response.text == typed["closing"]
            else:
                assert response.text in typed["vignettes"][keys[response.vignette.current.title]]


def test_it_has_one_stop_checked_in_on_and_one_still_waiting(demo_study):
    stops = {
        pause.session.participant.pseudonym: pause
        for pause in SessionPause.objects.filter(session__study=demo_study).select_related(
            "session__participant", "contacted_by"
        )
    }
    assert set(stops) == {"SU2", "MHW4"}
    checked, waiting = stops["SU2"], stops["MHW4"]
    assert (checked.outcome, checked.contacted_by.username) == ("well", "demo-lead")
    assert checked.paused_at < checked.contacted_at and not checked.needs_check_in
    assert waiting.needs_check_in and waiting.resumed_at > waiting.paused_at
    assert waiting.vignette_title  # the story they stopped on


@pytest.fixture
def demo_data_copy(tmp_path, monkeypatch):
    """A copy of demo_data/ for the demo to read, to be broken by the test."""
    copy = tmp_path / "demo_data"
    shutil.copytree(demo.DEMO_DATA, copy)
    monkeypatch.setattr(demo, "DEMO_DATA", copy)  # the transcripts the loader imports
    monkeypatch.setattr(demo_texts, "DEMO_DATA", copy)  # the JSON and vignettes
    return copy


def test_it_refuses_a_transcript_file_with_a_speaker_it_cannot_map(db, demo_data_copy):
    path = demo_data_copy / "transcripts" / "MHW5.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(" MHW5: ", " Bev: ", 1), "utf-8")
    with pytest.raises(DemoDataError, match=r"MHW5\.txt has speakers .*'Bev'"):
        call_command("load_demo")
    assert not Transcript.objects.exists()


def test_it_refuses_an_interview_whose_vignettes_come_in_another_order(db, demo_data_copy):
    index = _interviews()
    starts = index["MHW5"]["vignettes"]
    first, second = list(starts)[:2]
    starts[first], starts[second] = starts[second], starts[first]
    (demo_data_copy / "interviews.json").write_text(json.dumps(index), encoding="utf-8")
    with pytest.raises(DemoDataError, match="another order"):
        call_command("load_demo")


def test_the_demo_texts_read_without_django_as_the_otree_benchmark_needs():
    """bench/otree_flow.py writes the demo's vignettes into an oTree app without setting
    Django up: importing the loader (which imports models) broke `make bench-compare`."""
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", "from interviews.demo_texts import demo_questions, "
         "demo_vignettes; print(len(demo_vignettes()), len(demo_questions()[0]))"],
        cwd=Path(demo.__file__).resolve().parent.parent, env=environment,
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["5", "2"]
