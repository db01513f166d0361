"""The demo's pilot study, imported from a QualCoder project by `load_demo` through the
real import job: its transcripts, codebook, segments, roles and the job itself, and the
project's files written as QualCoder writes them."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import etree

from analysis.demo_import import PILOT, PILOT_TITLE
from analysis.models import ExchangeJob, JobKind, JobStatus
from coding.models import CodedSegment, Memo, Node
from interviews.models import Transcript, TranscriptStatus
from studies.models import AttributeValue, Membership, Participant, Study, User

GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
NS = {"q": "urn:QDA-XML:project:1.0"}


@pytest.fixture
def pilot(db):
    call_command("load_demo")
    return Study.objects.get(title=PILOT_TITLE)


def test_load_demo_imports_the_pilot_with_three_transcripts_ready_for_coding(pilot):
    transcripts = Transcript.objects.filter(participant__study=pilot)
    assert transcripts.count() == 3
    assert set(transcripts.values_list("status", flat=True)) == {TranscriptStatus.READY}
    lead = User.objects.get(username="demo-lead")
    assert pilot.memberships.get(user=lead).role == Membership.Role.LEAD


def test_the_pilot_codebook_has_eight_coloured_codes_in_two_levels(pilot):
    nodes = Node.objects.filter(study=pilot)
    assert nodes.count() == 8
    tops = nodes.filter(parent=None)
    assert set(tops.values_list("name", flat=True)) == {"Managing risk", "Recovery"}
    assert set(nodes.get(name="Recovery").children.values_list("name", flat=True)) == {
        "Life beyond the illness", "Being listened to", "Trust built over time",
    }  # fmt: skip
    assert not nodes.filter(parent__parent__isnull=False).exists()
    assert nodes.get(name="Fear of blame").colour == "#d9534f"  # the file's, not our default
    assert len(set(nodes.values_list("colour", flat=True))) == 8
    assert nodes.get(name="Fear of blame").definition.startswith("Workers or services holding back")


def test_a_pilot_segment_sits_on_the_words_it_coded(pilot):
    assert CodedSegment.objects.filter(transcript__participant__study=pilot).count() == 26
    segment = CodedSegment.objects.get(
        transcript__participant__pseudonym="MHW1", node__name="Positive risk taking"
    )
    quoted = (
        "That's what I'd call positive risk taking, when it's planned and shared and the "
        "person owns it."
    )
    assert segment.text == quoted
    assert segment.transcript.text[segment.start : segment.end] == quoted


def test_the_pilot_roles_come_from_the_role_variable(pilot):
    # The cases are named P01 to P03: only the Role variable says who is a worker.
    people = Participant.objects.filter(study=pilot).select_related("role")
    assert {(person.pseudonym, person.role.code) for person in people} == {
        ("MHW1", "MHW"), ("SU1", "SU"), ("SU2", "SU"),
    }  # fmt: skip
    labels = set(pilot.attributes.values_list("label", flat=True))
    assert labels == {"Years with the service"}  # the role is not a question as well
    years = AttributeValue.objects.get(participant__study=pilot, participant__pseudonym="MHW1")
    assert years.value == 9


def test_the_pilot_notes_become_memos_and_the_demo_coder_codes_it(pilot):
    titles = set(Memo.objects.filter(study=pilot).values_list("title", flat=True))
    assert titles == {"Pilot: first impressions", "Topic guide changes after the pilot"}
    coder = User.objects.get(username="demo-coder")
    assert pilot.memberships.get(user=coder).role == Membership.Role.CODER


def test_the_pilot_import_job_is_listed_on_its_exchange_page(client, pilot):
    job = ExchangeJob.objects.get(study=pilot, kind=JobKind.IMPORT)
    assert job.status == JobStatus.DONE
    client.force_login(User.objects.get(username="demo-lead"))
    page = client.get(reverse("exchange", args=[pilot.slug])).content.decode()
    assert reverse("exchange-job", args=[job.pk]) in page


def test_load_demo_run_again_imports_the_pilot_once(pilot):
    call_command("load_demo")
    assert Study.objects.filter(title=PILOT_TITLE).count() == 1
    assert ExchangeJob.objects.filter(kind=JobKind.IMPORT).count() == 1


def test_the_pilot_files_are_written_as_qualcoder_writes_them():
    root = etree.parse(str(PILOT / "project.qde")).getroot()
    assert root.get("origin").startswith("QualCoder")
    guids = [value for value in root.xpath("//@guid | //@targetGUID")]
    assert guids and all(GUID.fullmatch(value) for value in guids)
    sources = root.findall("q:Sources/q:TextSource", NS)
    assert len(sources) == 3
    for source in sources:
        path = source.get("plainTextPath")
        assert path.startswith("internal://")
        data = (PILOT / "sources" / path.removeprefix("internal://")).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")  # QualCoder writes text as utf-8-sig
        words = len(data.decode("utf-8-sig").split())
        assert 300 <= words <= 600, (source.get("name"), words)
    files = {path.name for path in (PILOT / "sources").iterdir()}
    named = {
        Path(element.get("plainTextPath")).name
        for element in root.iter()
        if element.get("plainTextPath")
    }
    assert files == named  # every file is the text of a source or a note, and no more
