"""REFI-QDA export: every project.qde is valid against the standard's schema and holds the
study's codebook, cases, variables, sources, selections, memos and sets; GUIDs are stable;
contact details and removed participants never leave; the codebook goes out alone as a
.qdc; the job runs for a lead and is refused to a coder."""

import io
import os
import uuid
import zipfile
from time import perf_counter

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from analysis import services_exchange
from analysis.models import ExchangeGuid, ExchangeJob, JobKind, JobStatus
from analysis.refi import xmlns
from analysis.refi.export import SourceText, codebook_build, project_build
from analysis.refi.guids import GuidMap, guid_parse, guid_text
from analysis.services_exchange import Refused
from coding import services as coding_services
from coding.models import Node
from coding.tests.conftest import code_words, make_transcript
from interviews import services as interview_services
from interviews.tests.files import wav_bytes
from studies import services as study_services
from studies.demo import DEMO_STUDY_SLUG
from studies.models import AuditAction, AuditEvent, Study
from tests.factories import give_consent

XSD = settings.BASE_DIR.parent / "shared" / "refi-qda" / "Project-mrt2019.xsd"
NS = {"q": xmlns.PROJECT_NS}
Turn = interview_services.Turn


@pytest.fixture(scope="session")
def schema():
    if not XSD.exists():
        reason = f"The REFI-QDA schema is not at {XSD}"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"{reason} (REQUIRE_SERVICES=1, so this is a failure)")
        pytest.skip(reason)
    return etree.XMLSchema(etree.parse(str(XSD)))


def _export(study, actor, **options) -> bytes:
    job = ExchangeJob(study=study, kind=JobKind.PROJECT, created_by=actor, options=options)
    filename, body = project_build(job, lambda percent, step: None)
    assert filename == f"{study.slug}.qdpx"
    return body


def _project(body: bytes, schema) -> etree._Element:
    """project.qde of the archive, checked against the schema."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        root = etree.fromstring(archive.read(xmlns.PROJECT_FILE))
    schema.assertValid(root)
    return root


def _members(body: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _all(root, path: str) -> list:
    return root.xpath(path, namespaces=NS)


def _one(root, path: str):
    (found,) = _all(root, path)
    return found


@pytest.fixture
def rich(known, study, lead, coder):
    """`known` (nested codes, overlapping segments, a dyad) with a segment after an
    emoji, memos of every kind, answers of every type, a worker's contact details and a
    participant who withdrew with removal."""
    after_emoji = code_words(coder, known.worker_transcript, known.team, "I felt it was safe")
    first = known.worker_transcript.segments.order_by("pk").first()
    coding_services.memo_create(author=lead, study=study, title="Study memo", text="Whole study")
    coding_services.memo_create(author=lead, study=study, title="Node memo", node=known.money)
    coding_services.memo_create(
        author=coder, study=study, title="Transcript memo",
        transcript=known.service_user_transcript,
    )  # fmt: skip
    coding_services.memo_create(
        author=coder, study=study, title="Segment memo", text="Safe \U0001f600 enough",
        transcript=known.worker_transcript, segment=after_emoji, kind="reflexive",
    )  # fmt: skip
    attributes = {
        "Gender": ("text", None),
        "Age": ("number", None),
        "Hours a week": ("number", None),
        "Team": ("single", ["North", "South"]),
        "Languages": ("multiple", ["English", "Urdu"]),
        "Started": ("date", None),
    }
    made = {
        label: study_services.attribute_create(
            actor=lead, study=study, label=label, kind=kind, choices=choices
        )
        for label, (kind, choices) in attributes.items()
    }
    answers = {"Gender": "Woman", "Age": 42, "Hours a week": 37.5, "Team": "North",
               "Languages": ["English", "Urdu"], "Started": "2015-09-01"}  # fmt: skip
    study_services.attribute_values_save(
        actor=lead, participant=known.worker,
        answers={made[label].pk: value for label, value in answers.items()},
    )  # fmt: skip
    study_services.contact_update(actor=lead, participant=known.worker, name="Harriet Quince",
                   email="harriet.quince@example.org", phone="07700 900123")  # fmt: skip
    gone = study_services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
    )
    make_transcript(study, lead, gone)
    study_services.withdrawal_record(actor=lead, participant=gone, choice="remove_all")
    known.after_emoji, known.first_segment, known.gone = after_emoji, first, gone
    return known


def test_a_study_exports_as_a_project_valid_against_the_schema(rich, study, lead, schema):
    root = _project(_export(study, lead), schema)
    assert root.get("name") == study.title
    names = [code.get("name") for code in _all(root, "//q:Code")]
    assert set(names) == {"Control over money", "Control", "Money", "Safety", "Team"}


def _source_texts(body: bytes, root) -> dict[str, str]:
    """Each TextSource's GUID and its text as the archive holds it."""
    members = _members(body)
    texts = {}
    for source in _all(root, "//q:TextSource | //q:Transcript"):
        path = source.get("plainTextPath").removeprefix(xmlns.INTERNAL)
        texts[source.get("guid")] = members[f"{xmlns.SOURCES_DIR}/{path}"].decode("utf-8")
    return texts


def test_codes_nest_as_the_tree_with_their_colour_and_a_readable_description(
    rich, study, lead, schema
):
    coding_services.node_update(
        actor=lead, node=rich.money, version=rich.money.version, colour="#a1b2c3",
        definition="Talk about money.", when_to_use="Budgets, benefits.",
        when_not_to_use="Housing costs.", example="She wanted her money back",
    )  # fmt: skip
    root = _project(_export(study, lead), schema)
    money = _one(root, "//q:Code[@name='Control over money']/q:Code[@name='Control']"
                       "/q:Code[@name='Money']")  # fmt: skip
    assert money.get("color") == "#A1B2C3"
    assert money.get("isCodable") == "true"
    assert _one(money, "q:Description").text == (
        "Talk about money.\n\nWhen to use: Budgets, benefits.\n\n"
        "When not to use: Housing costs.\n\nExample: She wanted her money back"
    )
    assert [code.get("name") for code in _all(root, "/q:Project/q:CodeBook/q:Codes/q:Code")] == [
        "Control over money", "Team",
    ]  # fmt: skip


def test_every_selection_covers_its_segments_words_in_code_points(rich, study, lead, schema):
    body = _export(study, lead)
    root = _project(body, schema)
    texts = _source_texts(body, root)
    guids = GuidMap(study)
    selections = _all(root, "//q:PlainTextSelection")
    segments = {guids.get("selection", s.pk): s for s in rich.worker_transcript.segments.all()}
    segments |= {
        guids.get("selection", s.pk): s for s in rich.service_user_transcript.segments.all()
    }
    assert {selection.get("guid") for selection in selections} == set(segments)
    for selection in selections:
        text = texts[selection.getparent().get("guid")]
        start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
        assert text[start:end] == segments[selection.get("guid")].text
    after = _one(
        root, f"//q:PlainTextSelection[@guid='{guids.get('selection', rich.after_emoji.pk)}']"
    )
    # The emoji before it is one code point but two UTF-16 units.
    assert int(after.get("startPosition")) == rich.after_emoji.start
    utf16_start = (
        len(rich.worker_transcript.text[: rich.after_emoji.start].encode("utf-16-le")) // 2
    )
    assert utf16_start == rich.after_emoji.start + 1


def test_overlapping_segments_go_out_as_two_selections_each_with_its_coder_and_code(
    rich, study, lead, coder, schema
):
    root = _project(_export(study, lead), schema)
    guids = GuidMap(study)
    source = _one(root, f"//q:TextSource[@guid='{guids.get('source', rich.worker_transcript.pk)}']")
    coded = [
        (
            int(selection.get("startPosition")), int(selection.get("endPosition")),
            _one(selection, "q:Coding/q:CodeRef").get("targetGUID"),
            _one(selection, "q:Coding").get("creatingUser"),
        )
        for selection in _all(source, "q:PlainTextSelection")
    ]  # fmt: skip
    money_start, money_end = coded[0][:2]
    safety_start, safety_end = coded[1][:2]
    assert money_start < safety_start < money_end < safety_end
    assert coded[0][2:] == (guids.get("node", rich.money.pk), guids.get("user", coder.pk))
    assert coded[1][2:] == (guids.get("node", rich.safety.pk), guids.get("user", lead.pk))


def test_each_memo_is_a_note_referred_to_from_what_it_is_about(rich, study, lead, schema):
    root = _project(_export(study, lead), schema)
    guids = GuidMap(study)
    notes = {note.get("name"): note for note in _all(root, "/q:Project/q:Notes/q:Note")}
    assert set(notes) == {"Study memo", "Node memo", "Transcript memo", "Segment memo"}
    assert _one(notes["Segment memo"], "q:PlainTextContent").text == "Safe \U0001f600 enough"
    assert _one(notes["Segment memo"], "q:Description").text == "Reflexive memo"

    def referrers(name: str) -> list:
        return _all(root, f"//q:NoteRef[@targetGUID='{notes[name].get('guid')}']/..")

    (project,) = referrers("Study memo")
    assert etree.QName(project).localname == "Project"
    (code,) = referrers("Node memo")
    assert code.get("guid") == guids.get("node", rich.money.pk)
    (source,) = referrers("Transcript memo")
    assert source.get("guid") == guids.get("source", rich.service_user_transcript.pk)
    (selection,) = referrers("Segment memo")
    assert selection.get("guid") == guids.get("selection", rich.after_emoji.pk)


def test_answers_go_out_as_variables_of_their_refi_type(rich, study, lead, schema):
    root = _project(_export(study, lead), schema)
    types = {v.get("name"): v.get("typeOfVariable") for v in _all(root, "//q:Variable")}
    assert types == {
        "Gender": "Text", "Age": "Integer", "Hours a week": "Float", "Team": "Text",
        "Languages": "Text", "Started": "Date", "Role": "Text", "Dyad": "Text",
    }  # fmt: skip
    guid_names = {v.get("guid"): v.get("name") for v in _all(root, "//q:Variable")}
    case = _one(root, "//q:Case[@name='MHW1']")
    values = {
        guid_names[_one(value, "q:VariableRef").get("targetGUID")]: (
            etree.QName(value[1]).localname, value[1].text,
        )
        for value in _all(case, "q:VariableValue")
    }  # fmt: skip
    assert values == {
        "Gender": ("TextValue", "Woman"), "Age": ("IntegerValue", "42"),
        "Hours a week": ("FloatValue", "37.5"), "Team": ("TextValue", "North"),
        "Languages": ("TextValue", "English; Urdu"), "Started": ("DateValue", "2015-09-01"),
        "Role": ("TextValue", "MHW"), "Dyad": ("TextValue", "MHW1 and SU1"),
    }  # fmt: skip


def test_cases_are_participants_by_pseudonym_with_their_sources(rich, study, lead, schema):
    root = _project(_export(study, lead), schema)
    guids = GuidMap(study)
    cases = {case.get("name"): case for case in _all(root, "//q:Case")}
    assert set(cases) == {"MHW1", "MHW2", "SU1"}
    refs = [ref.get("targetGUID") for ref in _all(cases["SU1"], "q:SourceRef")]
    assert refs == [guids.get("source", rich.service_user_transcript.pk)]
    assert cases["SU1"].get("guid") == guids.get("case", rich.service_user.pk)


def test_a_participant_who_withdrew_with_removal_is_absent(rich, study, lead, schema):
    body = _export(study, lead)
    root = _project(body, schema)
    assert rich.gone.pseudonym == "MHW3"
    assert not _all(root, "//q:Case[@name='MHW3']")
    assert b"MHW3" not in b"".join(_members(body).values())


def test_contact_details_are_in_no_byte_of_the_archive(rich, study, lead, schema):
    members = _members(_export(study, lead))
    everything = b"".join(members.values())
    for detail in ("Harriet", "Quince", "harriet.quince@example.org", "07700 900123"):
        assert detail.encode() not in everything, detail
    assert b"@" not in members[xmlns.PROJECT_FILE]


def test_roles_sites_and_dyads_are_sets_of_their_participants_sources(rich, study, lead, schema):
    root = _project(_export(study, lead), schema)
    guids = GuidMap(study)
    worker = guids.get("source", rich.worker_transcript.pk)
    service_user = guids.get("source", rich.service_user_transcript.pk)
    quiet = guids.get("source", rich.quiet_worker.transcripts.get().pk)

    def members(name: str) -> set[str]:
        return {
            ref.get("targetGUID") for ref in _all(root, f"//q:Set[@name='{name}']/q:MemberSource")
        }

    assert members("Dyad: MHW1 and SU1") == {worker, service_user}
    assert members("Role: MHW") == {worker, quiet}
    assert members("Role: SU") == {service_user}
    theme_set = _one(root, "//q:Set[@name='Explanatory themes']")
    assert [ref.get("targetGUID") for ref in _all(theme_set, "q:MemberCode")] == [
        guids.get("node", rich.theme.pk)
    ]


def test_guids_are_the_same_in_two_exports_and_differ_between_objects(rich, study, lead, schema):
    first = _project(_export(study, lead), schema)
    second = _project(_export(study, lead), schema)
    guids = [element.get("guid") for element in first.iter() if element.get("guid")]
    assert guids == [element.get("guid") for element in second.iter() if element.get("guid")]
    assert len(guids) == len(set(guids))
    assert ExchangeGuid.objects.filter(study=study).count() == 1  # the project's, minted once


def test_a_stored_guid_is_written_instead_of_the_derived_one(rich, study, lead, schema):
    kept = uuid.UUID("0b9d4a3e-52c1-4f7e-9a0d-3c2b1a0f9e8d")
    ExchangeGuid.objects.create(study=study, kind="node", object_id=rich.money.pk, guid=kept)
    root = _project(_export(study, lead), schema)
    money = _one(root, "//q:Code[@name='Money']")
    assert money.get("guid") == guid_text(kept)
    refs = _all(root, f"//q:CodeRef[@targetGUID='{guid_text(kept)}']")
    assert len(refs) == 2  # the two segments coded Money


def test_source_files_are_utf8_with_lf_line_ends_and_no_byte_order_mark(rich, study, lead, schema):
    body = _export(study, lead)
    sources = [data for name, data in _members(body).items() if name.startswith("sources/")]
    assert len(sources) == 3
    for data in sources:
        assert not data.startswith(b"\xef\xbb\xbf")
        assert b"\r" not in data
        assert "\U0001f600" in data.decode("utf-8")


def test_a_text_with_a_byte_order_mark_and_crlf_keeps_its_positions():
    text = SourceText.of("\ufeffOne\r\ntwo\x0b three")
    assert text.text == "One\ntwo  three"
    raw = "\ufeffOne\r\ntwo\x0b three"
    start = raw.index("three")
    assert text.text[text.position(start) : text.position(start + 5)] == "three"


def test_control_characters_in_names_are_left_out(rich, study, lead, schema):
    Node.objects.filter(pk=rich.team.pk).update(name="Team\x0bwork")
    root = _project(_export(study, lead), schema)
    assert _all(root, "//q:Code[@name='Teamwork']")


def test_a_study_with_no_memos_sets_or_codes_writes_no_empty_container(study, lead, schema):
    root = _project(_export(study, lead), schema)
    assert [etree.QName(child).localname for child in root] == ["Users"]


def test_the_codebook_exports_alone_as_a_qdc_with_the_tree(rich, study, lead):
    job = ExchangeJob(study=study, kind=JobKind.CODEBOOK, created_by=lead)
    filename, body = codebook_build(job, lambda percent, step: None)
    assert filename == f"{study.slug}-codebook.qdc"
    root = etree.fromstring(body)
    assert root.tag == f"{{{xmlns.CODEBOOK_NS}}}CodeBook"
    codebook = {"q": xmlns.CODEBOOK_NS}
    path = "/q:CodeBook/q:Codes/q:Code[@name='Control over money']/q:Code/q:Code"
    assert [code.get("name") for code in root.xpath(path, namespaces=codebook)] == [
        "Money", "Safety",
    ]  # fmt: skip
    guids = GuidMap(study)
    money = root.xpath("//q:Code[@name='Money']", namespaces=codebook)[0]
    assert money.get("guid") == guids.get("node", rich.money.pk)
    assert not root.xpath("//q:NoteRef", namespaces=codebook)


def test_a_codebook_with_no_codes_is_refused(study, lead):
    job = ExchangeJob(study=study, kind=JobKind.CODEBOOK, created_by=lead)
    with pytest.raises(Refused, match="has no codes yet"):
        codebook_build(job, lambda percent, step: None)


def test_an_audio_option_that_is_not_true_or_false_is_refused(study, lead):
    with pytest.raises(Refused, match="either true or false"):
        _export(study, lead, audio="yes")


@pytest.fixture
def recorded(study, lead, coder):
    """An in-person interview with a recording, timed turns and a segment that starts
    inside a turn."""
    participant = study_services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
    )
    give_consent(participant, lead)
    interview_services.vignette_create(actor=lead, study=study, title="Money", text="A story.")
    session, _token = interview_services.session_create(
        actor=lead, participant=participant, mode="in_person"
    )
    turns = [
        Turn("Interviewer", "What happened?", started_at_ms=0),
        Turn(participant.pseudonym, "We talked \U0001f600 about money for an hour.",
             started_at_ms=4200),
    ]  # fmt: skip
    transcript = interview_services.transcript_create(
        actor=lead, participant=participant, session=session, source="txt", turns=turns
    )
    interview_services.transcript_mark_ready(actor=lead, transcript=transcript)
    transcript.refresh_from_db()
    node = coding_services.node_create(actor=lead, study=study, name="Money")
    segment = code_words(coder, transcript, node, "about money")
    recording = interview_services.recording_upload(
        actor=lead, session=session, file=SimpleUploadedFile("talk.wav", wav_bytes())
    )
    return transcript, segment, recording


def test_with_the_audio_option_a_recording_goes_out_as_audio_with_sync_points(
    recorded, study, lead, schema
):
    transcript, segment, recording = recorded
    body = _export(study, lead, audio=True)
    root = _project(body, schema)
    guids = GuidMap(study)
    audio = _one(root, "//q:AudioSource")
    assert audio.get("guid") == guids.get("audio", recording.pk)
    audio_path = audio.get("path").removeprefix(xmlns.INTERNAL)
    assert _members(body)[f"{xmlns.SOURCES_DIR}/{audio_path}"] == wav_bytes()
    assert not _all(root, "//q:TextSource")
    text_element = _one(audio, "q:Transcript")
    points = {p.get("guid"): p for p in _all(text_element, "q:SyncPoint")}
    timed = sorted(
        (int(p.get("position")), int(p.get("timeStamp")))
        for p in points.values()
        if p.get("timeStamp")
    )
    turn_starts = [turn.start for turn in transcript.turns.order_by("position")]
    assert timed == [(turn_starts[0], 0), (turn_starts[1], 4200)]
    selection = _one(text_element, "q:TranscriptSelection")
    text = _source_texts(body, root)[text_element.get("guid")]
    start = int(points[selection.get("fromSyncPoint")].get("position"))
    end = int(points[selection.get("toSyncPoint")].get("position"))
    assert text[start:end] == segment.text == "about money"
    assert _one(selection, "q:Coding/q:CodeRef").get("targetGUID") == guids.get(
        "node", segment.node_id
    )
    case_refs = [ref.get("targetGUID") for ref in _all(root, "//q:Case/q:SourceRef")]
    assert case_refs == [audio.get("guid")]


def test_without_the_audio_option_a_recorded_interview_is_a_text_source(
    recorded, study, lead, schema
):
    body = _export(study, lead)
    root = _project(body, schema)
    assert not _all(root, "//q:AudioSource")
    assert len(_all(root, "//q:TextSource/q:PlainTextSelection")) == 1
    assert not [name for name in _members(body) if name.endswith(".wav")]


def test_the_export_reads_the_same_number_of_queries_however_many_segments(
    rich, study, lead, coder
):
    _export(study, lead)  # the first export mints the project's GUID
    with CaptureQueriesContext(connection) as before:
        _export(study, lead)
    for words in ("We agreed a plan", "step by step", "What happened next?"):
        code_words(coder, rich.quiet_worker.transcripts.get(), rich.team, words)
    with CaptureQueriesContext(connection) as after:
        _export(study, lead)
    assert len(after) == len(before)


def test_a_lead_exports_through_a_job_with_a_file_and_an_audit_event(
    rich, study, lead, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = services_exchange.export_start(
            actor=lead, study=study, kind=JobKind.PROJECT, options={"audio": True}
        )
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.error
    assert job.filename == f"{study.slug}.qdpx"
    with job.output.open("rb") as stored:
        assert zipfile.ZipFile(stored).namelist()[0] == xmlns.PROJECT_FILE
    event = AuditEvent.objects.get(study=study, action=AuditAction.EXPORT)
    assert event.actor == lead and event.detail["job"] == job.pk


def test_a_coder_cannot_export_the_project(rich, study, coder):
    with pytest.raises(PermissionDenied):
        services_exchange.export_start(actor=coder, study=study, kind=JobKind.PROJECT)
    assert not ExchangeJob.objects.exists()


def test_the_demo_study_exports_valid_in_a_few_seconds(db, schema):
    call_command("load_demo")
    demo = Study.objects.get(slug=DEMO_STUDY_SLUG)
    lead = demo.memberships.get(role="lead").user
    started = perf_counter()
    body = _export(demo, lead)
    assert perf_counter() - started < 3
    root = _project(body, schema)
    assert len(_all(root, "//q:PlainTextSelection")) > 100
    assert _all(root, "//q:Set[starts-with(@name, 'Dyad: ')]")


def test_a_draft_transcript_and_its_memo_stay_out(rich, study, lead, schema):
    drafted = study_services.participant_add(
        actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
    )
    draft = make_transcript(study, lead, drafted, ready=False)
    coding_services.memo_create(author=lead, study=study, title="Draft memo", transcript=draft)
    root = _project(_export(study, lead), schema)
    guids = GuidMap(study)
    assert not _all(root, f"//q:TextSource[@guid='{guids.get('source', draft.pk)}']")
    assert not _all(root, "//q:Note[@name='Draft memo']")
    assert not _all(root, f"//q:Case[@name='{drafted.pseudonym}']")


def test_a_guid_is_read_in_either_case_with_or_without_braces():
    written = "{0B9D4A3E-52C1-4F7E-9A0D-3C2B1A0F9E8D}"
    parsed = guid_parse(written)
    assert parsed == uuid.UUID(written.strip("{}"))
    assert guid_parse(written.lower().strip("{}")) == parsed
    assert guid_text(parsed) == written.strip("{}")
    assert guid_parse("not-a-guid") is None


def test_a_recording_whose_file_is_missing_goes_out_as_text(recorded, study, lead, schema):
    _transcript, _segment, recording = recorded
    recording.file.storage.delete(recording.file.name)
    root = _project(_export(study, lead, audio=True), schema)
    assert not _all(root, "//q:AudioSource")
    assert len(_all(root, "//q:TextSource/q:PlainTextSelection")) == 1
