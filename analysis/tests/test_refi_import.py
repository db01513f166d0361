"""Importing REFI-QDA projects and codebooks written the ways other tools write them:
read and previewed, then loaded into a new or existing study through the exchange job;
every refused file leaves the database as it was."""

import io
import zipfile
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from analysis import kinds, services_exchange
from analysis.models import (
    ExchangeGuid,
    ExchangeJob,
    JobKind,
    JobStatus,
    MatrixQuery,
    QueryKind,
)
from analysis.refi import read
from analysis.refi.load import TextMap
from analysis.tests import refi_files
from analysis.tests.refi_files import span
from coding import services as coding_services
from coding.models import CodedSegment, Memo, Node
from coding.tests.conftest import code_words, make_transcript
from interviews.models import Transcript, TranscriptStatus
from studies import services as study_services
from studies.models import (
    AttributeDefinition,
    AttributeValue,
    ClausePurpose,
    ConsentMethod,
    ConsentRecord,
    Dyad,
    Participant,
    Site,
    Study,
)
from studies.services import ConsentRequired, require_consent
from tests.factories import publish_consent_form

CONSENTED = {"consent_confirmed": True, "consent_date": "2026-03-01"}
_commits = {}


@pytest.fixture(autouse=True)
def _jobs_run_when_queued(django_capture_on_commit_callbacks):
    """The job's task is queued on commit, which a test's transaction never reaches."""
    _commits["capture"] = django_capture_on_commit_callbacks
    yield
    _commits.clear()


def _run(function, **arguments):
    with _commits["capture"](execute=True):
        job = function(**arguments)
    job.refresh_from_db()
    return job


def start(actor, data: bytes, study=None, name: str = "project.qdpx"):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return _run(services_exchange.import_start, actor=actor, study=study, upload=upload)


def confirm(actor, job, choices: dict):
    return _run(services_exchange.import_confirm, actor=actor, job=job, choices=choices)


def imported(actor, data: bytes, study=None, **choices):
    job = start(actor, data, study)
    assert job.status == JobStatus.PREVIEW, job.error
    job = confirm(actor, job, {**CONSENTED, **choices})
    assert job.status == JobStatus.DONE, job.error
    return job


def imported_or_refused(actor, data: bytes, study):
    return confirm(actor, start(actor, data, study), CONSENTED)


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Study, Participant, Transcript, Node, CodedSegment, Memo, ConsentRecord)
    }


def words_of(study, node_name: str) -> list[str]:
    return sorted(
        CodedSegment.objects.filter(node__study=study, node__name=node_name).values_list(
            "text", flat=True
        )
    )


# --- The preview ------------------------------------------------------------------------


def test_an_nvivo_project_is_previewed_with_counts_codes_variables_and_the_role(lead):
    data, g = refi_files.nvivo()

    report = start(lead, data).report

    assert report["format"] == "project"
    assert report["title"] == "Risk and recovery (NVivo)"
    assert report["counts"] == {
        "users": 2, "codes": 4, "variables": 6, "cases": 2, "sources": 2, "selections": 5,
        "codings": 6, "notes": 2, "sets": 1,
    }  # fmt: skip
    assert [code["path"] for code in report["codes"]] == [
        ["Control"],
        ["Control", "Money"],
        ["Control", "Safety"],
        ["Team"],
    ]
    assert report["codes"][0]["guid"] == g["c_top"].lower()
    variables = {variable["name"]: variable for variable in report["variables"]}
    assert variables["Participant type"]["examples"] == ["MHW", "Service user"]
    assert variables["Has a care plan"]["kind"] == "single"
    assert variables["Last contact"]["examples"] == ["2026-03-01"]
    assert report["role_variable"] == g["v_role"].lower()
    assert report["needs_consent"] is True
    assert any("AudioSource" in line for line in report["discarded"])
    assert report["sources"][0]["reading"] == "characters, CRLF counted as two"


def test_the_preview_lists_the_sets_and_links_the_import_will_leave_out(lead):
    before = counts()

    report = start(lead, refi_files.with_sets_and_links()).report

    assert "The set “Interviews in spring”: sets are not imported." in report["discarded"]
    assert "The set “Favourites”: sets are not imported." in report["discarded"]
    assert "1 link: not imported." in report["discarded"]
    assert counts() == before


@pytest.mark.parametrize("name", ["nvivo", "atlas", "with_sets_and_links"])
def test_the_preview_lists_everything_the_import_then_leaves_out(lead, name):
    built = getattr(refi_files, name)()
    job = start(lead, built[0] if isinstance(built, tuple) else built)
    preview = job.report["discarded"]

    done = confirm(lead, job, CONSENTED)

    assert done.status == JobStatus.DONE, done.error
    assert preview
    assert done.report["discarded"] == preview, done.report["discarded"]


# --- Loading into a new study -------------------------------------------------------------


def test_an_nvivo_project_imports_into_a_new_study_with_segments_on_the_right_words(lead):
    data, g = refi_files.nvivo()

    job = imported(lead, data, role_variable=g["v_role"])

    study = job.study
    assert study.title == "Risk and recovery (NVivo)"
    assert study.memberships.get().user == lead
    assert words_of(study, "Money") == [
        "She wanted her money back from the appointee",
        "We agreed a plan together",
    ]
    assert words_of(study, "Safety") == ["I felt listened to", "it felt safe 🙂 at last"]
    assert words_of(study, "Control") == ["She wanted her money back from the appointee"]
    assert words_of(study, "Team") == ["The team was stretched"]
    for segment in CodedSegment.objects.filter(node__study=study):
        assert segment.transcript.text[segment.start : segment.end] == segment.text
    assert job.report["created"]["segments"] == 6


def test_imported_cases_become_participants_with_their_roles_and_values(lead):
    data, g = refi_files.nvivo()

    study = imported(lead, data, role_variable=g["v_role"]).study

    worker = Participant.objects.get(study=study, pseudonym="MHW1")
    service_user = Participant.objects.get(study=study, role__code="SU")
    assert service_user.pseudonym == "SU1"
    values = {
        value.attribute.label: value.value
        for value in AttributeValue.objects.filter(participant=worker)
    }
    assert values == {
        "Age": 44, "Years in service": 12.5, "Has a care plan": "Yes",
        "Interviewed on": "2026-03-02", "Last contact": "2026-03-01",
    }  # fmt: skip
    assert not study.attributes.filter(label="Participant type").exists()
    assert Transcript.objects.get(participant=worker).text.startswith("Interviewer: How did")


def test_imported_transcripts_are_ready_for_coding_and_keep_the_file_s_text(lead):
    data, g = refi_files.nvivo()

    study = imported(lead, data, role_variable=g["v_role"]).study

    worker = Transcript.objects.get(study=study, participant__pseudonym="MHW1")
    assert worker.status == TranscriptStatus.READY
    assert worker.text == refi_files.WORKER_TEXT
    user = Transcript.objects.get(study=study, participant__pseudonym="SU1")
    assert user.text == "SU1: " + refi_files.USER_TEXT.replace("\n\n", "\n\nSU1: ")


def test_imported_participants_have_an_imported_consent_without_quotation_by_default(lead):
    data, g = refi_files.nvivo()

    study = imported(lead, data, role_variable=g["v_role"]).study

    records = ConsentRecord.objects.filter(participant__study=study)
    assert {record.method for record in records} == {ConsentMethod.IMPORTED}
    assert {record.given_at.date() for record in records} == {date(2026, 3, 1)}
    worker = Participant.objects.get(study=study, pseudonym="MHW1")
    require_consent(worker)
    with pytest.raises(ConsentRequired):
        require_consent(worker, ClausePurpose.QUOTATION)


def test_quotation_agreed_is_recorded_when_the_researcher_says_so(lead):
    data, g = refi_files.nvivo()

    study = imported(lead, data, role_variable=g["v_role"], quotation_agreed=True).study

    require_consent(Participant.objects.get(study=study, pseudonym="MHW1"), ClausePurpose.QUOTATION)


def test_notes_become_memos_on_the_code_and_the_segment_they_refer_to(lead):
    data, g = refi_files.nvivo()

    study = imported(lead, data, role_variable=g["v_role"]).study

    on_code = Memo.objects.get(study=study, title="About control")
    assert on_code.node.name == "Control"
    on_selection = Memo.objects.get(study=study, title="Appointee")
    assert on_selection.segment.text == "She wanted her money back from the appointee"
    assert on_selection.transcript == on_selection.segment.transcript


def test_imported_objects_keep_their_guids_lower_case(lead):
    data, g = refi_files.nvivo()

    study = imported(lead, data, role_variable=g["v_role"]).study

    kept = {(row.kind, str(row.guid)) for row in ExchangeGuid.objects.filter(study=study)}
    for kind, name in (("node", "c_money"), ("case", "case1"), ("source", "s1"),
                       ("selection", "sel1"), ("coding", "cod1"), ("note", "n1"),
                       ("variable", "v_age")):  # fmt: skip
        assert (kind, g[name].lower()) in kept
    money = Node.objects.get(study=study, name="Money")
    assert ExchangeGuid.objects.get(study=study, kind="node", object_id=money.pk).guid.hex == (
        g["c_money"].lower().replace("-", "")
    )


def test_codes_keep_their_tree_colours_and_descriptions(lead):
    data, g = refi_files.nvivo()

    study = imported(lead, data, role_variable=g["v_role"]).study

    control = Node.objects.get(study=study, name="Control")
    assert control.parent is None
    assert control.colour == "#ff0000"
    assert control.definition == "Who holds the reins."
    assert sorted(control.children.values_list("name", flat=True)) == ["Money", "Safety"]
    assert Node.objects.get(study=study, name="Team").colour == "#aabbcc"


def test_an_atlas_project_keeps_the_same_code_name_under_two_parents(lead):
    study = imported(lead, refi_files.atlas()).study

    money = Node.objects.filter(study=study, name="Money")
    assert sorted(node.parent.name for node in money) == ["Service users", "Workers"]
    assert words_of(study, "Money") == ["Money came up twice", "Money came up twice"]


def test_an_annotation_becomes_a_memo_on_its_transcript_quoting_its_words(lead):
    job = imported(lead, refi_files.atlas())

    memo = Memo.objects.get(study=job.study)
    assert memo.text == "Opening remark.\n\n“A plain account”"
    assert memo.transcript.participant.pseudonym == "P1"
    assert any("no codes and no note" in line for line in job.report["discarded"])


def test_a_source_without_a_case_becomes_a_participant_of_the_default_role(lead):
    job = imported(lead, refi_files.atlas(), default_role="MHW")

    assert list(
        Participant.objects.filter(study=job.study).values_list("pseudonym", flat=True)
    ) == ["MHW1"]


def test_a_taguette_project_without_a_namespace_or_cases_imports(lead):
    study = imported(lead, refi_files.taguette()).study

    assert words_of(study, "Meetings") == ["Café meetings helped 😊 a lot"]


def test_a_qualcoder_codebook_imports_without_consent_questions(lead):
    job = start(lead, refi_files.qualcoder_codebook(), name="codebook.qdc")
    assert job.report["format"] == "codebook"
    assert job.report["needs_consent"] is False

    job = confirm(lead, job, {"title": "Codebook"})

    assert job.status == JobStatus.DONE, job.error
    trust = Node.objects.get(study=job.study, name="Trust")
    assert trust.colour == "#123456"
    assert trust.definition == "Whether people rely on each other."
    assert trust.children.get().name == "Broken trust"
    assert Participant.objects.filter(study=job.study).count() == 0


# --- Loading into an existing study ---------------------------------------------------------


def test_merge_by_name_matches_nodes_with_the_same_path(lead, study, coder):
    control = coding_services.node_create(actor=lead, study=study, name="control")
    money = coding_services.node_create(actor=lead, study=study, name="Money", parent=control)
    data, g = refi_files.nvivo()

    job = imported(lead, data, study, merge="name", role_variable=g["v_role"])

    assert job.report["created"]["nodes_matched"] == 2
    assert Node.objects.filter(study=study, name__iexact="money").get() == money
    assert words_of(study, "Money") == [
        "She wanted her money back from the appointee",
        "We agreed a plan together",
    ]
    assert set(money.segments.values_list("coder__username", flat=True)) == {"coder"}


def test_merge_by_guid_matches_a_renamed_node_and_by_name_does_not(lead, study):
    data, g = refi_files.nvivo()
    finances = coding_services.node_create(actor=lead, study=study, name="Finances")
    ExchangeGuid.objects.create(study=study, kind="node", object_id=finances.pk, guid=g["c_money"])

    preview = start(lead, data, study).report
    money = next(code for code in preview["codes"] if code["path"] == ["Control", "Money"])
    assert money["by_guid"] == finances.pk
    assert money["by_name"] is None
    imported(lead, data, study, merge="guid", role_variable=g["v_role"])

    assert finances.segments.count() == 2
    assert not Node.objects.filter(study=study, name="Money").exists()


def test_role_values_that_match_no_role_of_an_existing_study_are_refused(lead, study):
    data, g = refi_files.nvivo()
    study.roles.filter(code="SU").delete()
    before = counts()

    job = start(lead, data, study)
    job = confirm(lead, job, {**CONSENTED, "role_variable": g["v_role"]})

    assert job.status == JobStatus.REFUSED
    assert "Service user" in job.error
    assert counts() == before


def test_a_researcher_cannot_import_people_into_a_study_without_a_consent_form(study, researcher):
    before = counts()

    job = imported_or_refused(researcher, refi_files.taguette(), study)

    assert job.status == JobStatus.REFUSED
    assert "no published consent form" in job.error
    assert counts() == before


def test_people_imported_into_a_study_consent_to_its_published_form(study, lead, researcher):
    form = publish_consent_form(study, lead)

    job = imported_or_refused(researcher, refi_files.taguette(), study)

    assert job.status == JobStatus.DONE, job.error
    record = ConsentRecord.objects.get(participant__study=study)
    assert record.consent_form == form
    assert record.recorded_by == researcher


def test_a_coder_may_not_import_into_a_study(study, coder):
    with pytest.raises(PermissionDenied):
        start(coder, refi_files.taguette(), study)


def test_someone_outside_the_study_gets_no_such_study(study, outsider):
    with pytest.raises(Http404):
        start(outsider, refi_files.taguette(), study)


# --- Refusals --------------------------------------------------------------------------------


def _member_zip(name: str) -> bytes:
    return refi_files.minimal_project(files={name: "x"})


REFUSED = {
    "not a zip": (b"%PDF-1.4 not a project", "not a REFI-QDA file"),
    "broken zip": (b"PK\x03\x04 broken", "not a valid zip"),
    "no qde": (refi_files.zip_bytes({"sources/a.txt": "words"}), "no project file (.qde)"),
    "external entity": (refi_files.with_entities(refi_files.EXTERNAL_ENTITY), "entities"),
    "billion laughs": (refi_files.with_entities(refi_files.BILLION_LAUGHS), "billion laughs"),
    "dot dot member": (_member_zip("../evil.txt"), "points outside the archive"),
    "absolute member": (_member_zip("/etc/evil.txt"), "points outside the archive"),
    "drive member": (_member_zip("C:/evil.txt"), "points outside the archive"),
    "source over the limit": (
        refi_files.minimal_project(" " * (read.MAX_SOURCE_BYTES + 1)),
        "larger than 10 MB",
    ),
    "zip bomb": (refi_files.zip_bomb(read.MAX_SOURCE_BYTES * 2), "zip bomb"),
    "selection outside its text": (
        refi_files.minimal_project("Short text.", start=3, end=400),
        "outside its text",
    ),
    "missing source file": (
        refi_files.minimal_project(path="internal://nowhere.txt"),
        "not in the archive",
    ),
    "wrong root element": (refi_files.minimal_project(root="Projekt"), "not the <Project>"),
    "bad guid": (
        refi_files.zip_bytes(
            {"project.qde": '<Project name="x"><Users><User guid="nope"/></Users></Project>'}
        ),  # fmt: skip
        "not a GUID",
    ),
    "not xml": (refi_files.zip_bytes({"project.qde": "<Project"}), "not well-formed XML"),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_a_bad_file_is_refused_with_a_message_and_nothing_is_created(lead, case):
    data, message = REFUSED[case]
    before = counts()

    job = start(lead, data)

    assert job.status == JobStatus.REFUSED
    assert message in job.error
    assert counts() == before


def test_confirming_without_consent_is_refused_on_the_form_and_nothing_is_queued(lead):
    data, _g = refi_files.nvivo()
    job = start(lead, data)
    before = counts()

    with pytest.raises(ValidationError) as error:
        confirm(lead, job, {"consent_date": "2026-03-01"})

    assert "consent_confirmed" in error.value.message_dict
    job.refresh_from_db()
    assert job.status == JobStatus.PREVIEW
    assert counts() == before


def test_a_consent_date_in_the_future_is_refused_on_the_form(lead):
    job = start(lead, refi_files.taguette())

    with pytest.raises(ValidationError) as error:
        confirm(lead, job, {"consent_confirmed": True, "consent_date": "2999-01-01"})

    assert error.value.message_dict["consent_date"] == ["Consent cannot be dated in the future."]


def test_choices_that_reach_the_job_unchecked_are_refused_and_create_no_study(lead):
    data, _g = refi_files.nvivo()
    job = start(lead, data)
    before = counts()
    ExchangeJob.objects.filter(pk=job.pk).update(
        status=JobStatus.QUEUED, options={**job.options, "stage": "load", "choices": {}}
    )

    job = services_exchange.job_run(job_id=job.pk)

    assert job.status == JobStatus.REFUSED
    assert "consent" in job.error
    assert counts() == before


# --- Reading, without the database ---------------------------------------------------------


def test_offsets_counting_crlf_as_one_character_are_read_as_given():
    text = "First line.\r\nSecond line here."
    start, end = span(text.replace("\r\n", "\n"), "Second line")

    package = read.read_package(refi_files.minimal_project(text, start=start, end=end))

    source = package.sources[0]
    selection = source.selections[0]
    assert source.text[selection.start : selection.end] == "Second line"
    assert source.reading == "characters"


def test_offsets_counting_utf16_units_are_converted_to_code_points():
    text = "😊😊😊 emoji first, then the words that matter."
    words = "the words that matter"
    start = len(text[: text.index(words)].encode("utf-16-le")) // 2  # 3 more than code points
    end = start + len(words)

    package = read.read_package(refi_files.minimal_project(text, start=start, end=end))

    source = package.sources[0]
    assert source.text[source.selections[0].start : source.selections[0].end] == words
    assert source.reading == "UTF-16 units"


def test_a_byte_order_mark_is_not_a_character_of_the_text():
    bom = refi_files.minimal_project("\ufeffHello there", start=0, end=5)

    source = read.read_package(bom).sources[0]

    assert source.text == "Hello there"
    assert source.text[: source.selections[0].end] == "Hello"


def test_guids_in_braces_and_any_case_are_normalised():
    assert read.normal_guid("{0F8FAD5B-D9CB-469F-A165-70867728950E}") == (
        "0f8fad5b-d9cb-469f-a165-70867728950e"
    )
    assert read.normal_guid("not-a-guid") is None


def test_the_project_file_may_have_any_name_and_sources_any_case():
    data = refi_files.atlas()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "Atlas project.qde" in archive.namelist()

    package = read.read_package(data)

    assert package.sources[0].name == "Field notes"


def test_text_written_as_turns_keeps_its_offsets():
    text = "Interviewer: Hello.\n\nMHW1: Words here.\nMore words.\n\nInterviewer: Bye."

    mapped = TextMap(text, "MHW1")

    assert mapped.text == text
    assert mapped.range(27, 37) == (27, 37)


def test_text_without_labels_gets_the_participant_as_speaker_and_offsets_follow():
    mapped = TextMap("First.\n\n\nSecond words.", "SU2")

    assert mapped.text == "SU2: First.\n\nSU2: Second words."
    start, end = mapped.range(9, 15)
    assert mapped.text[start:end] == "Second"


# --- Round trip through the platform's own export -------------------------------------------


def _export(actor, study) -> bytes:
    job = _run(services_exchange.export_start, actor=actor, study=study, kind=JobKind.PROJECT)
    assert job.status == JobStatus.DONE, job.error
    with job.output.open("rb") as stored:
        return stored.read()


def _segments(study) -> set[tuple]:
    return {
        (s.transcript.participant.pseudonym, s.node.name, s.start, s.end, s.text)
        for s in CodedSegment.objects.filter(node__study=study).select_related(
            "transcript__participant", "node"
        )
    }


def _tree(study) -> set[tuple]:
    return {
        (node.name, node.parent.name if node.parent else None, node.colour, node.kind,
         node.definition, node.when_to_use)
        for node in Node.objects.filter(study=study).select_related("parent")
    }  # fmt: skip


@pytest.fixture
def exported(study, lead, known):
    """The known study with an information form answer, a definition with guidance and
    memos on a node and a segment, exported as a .qdpx."""
    age = study_services.attribute_create(actor=lead, study=study, label="Age", kind="number")
    study_services.attribute_values_save(actor=lead, participant=known.worker, answers={age.pk: 44})
    coding_services.node_update(
        actor=lead, node=known.money, version=known.money.version, definition="Money talk.",
        when_to_use="Any mention of money.",
    )  # fmt: skip
    coding_services.memo_create(author=lead, study=study, title="On money", node=known.money)
    segment = CodedSegment.objects.filter(node=known.safety).first()
    coding_services.memo_create(author=lead, study=study, title="On a passage", segment=segment)
    return _export(lead, study)


def test_a_platform_export_imports_back_with_the_same_codebook_segments_and_cases(
    study, lead, exported
):
    job = start(lead, exported)
    report = job.report
    role = next(v for v in report["variables"] if v["name"] == "Role")
    assert report["role_variable"] == role["guid"]

    copy = confirm(lead, job, {**CONSENTED, "role_variable": role["guid"]}).study

    assert _tree(copy) == _tree(study)
    assert _segments(copy) == _segments(study)
    assert sorted(
        Participant.objects.filter(study=copy).values_list("pseudonym", "role__code")
    ) == (
        sorted(
            Participant.objects.filter(study=study, transcripts__isnull=False).values_list(
                "pseudonym", "role__code"
            )
        )
    )
    assert AttributeValue.objects.get(participant__study=copy, attribute__label="Age").value == 44
    for original in Transcript.objects.filter(study=study):
        assert (
            Transcript.objects.get(
                study=copy, participant__pseudonym=original.participant.pseudonym
            ).text
            == original.text
        )
    assert Memo.objects.get(study=copy, title="On money").node.name == "Money"
    assert Memo.objects.get(study=copy, title="On a passage").segment.node.name == "Safety"


def test_exporting_an_imported_study_keeps_the_guids_of_codes_sources_and_cases(
    study, lead, exported
):
    job = start(lead, exported)
    copy = confirm(lead, job, {**CONSENTED, "role_variable": job.report["role_variable"]}).study

    first, second = read.read_package(exported), read.read_package(_export(lead, copy))

    assert {c.guid for c in second.all_codes()} == {c.guid for c in first.all_codes()}
    assert {s.guid for s in second.sources} == {s.guid for s in first.sources}
    assert {c.guid for c in second.cases} == {c.guid for c in first.cases}
    selections = {(s.start, s.end) for source in first.sources for s in source.selections}
    assert {(s.start, s.end) for source in second.sources for s in source.selections} == selections


# --- Sites and dyads -------------------------------------------------------------------------


@pytest.fixture
def structured(study, lead, coder, known):
    """The known study with two sites (one with a borough) and a second dyad, both of its
    people at Marsh Lane and coded, and a worker at Riverside; exported as a .qdpx."""
    marsh = study_services.site_add(
        actor=lead, study=study, name="Marsh Lane Recovery Team", borough="Hackney"
    )
    riverside = study_services.site_add(actor=lead, study=study, name="Riverside")
    mhw = study.roles.get(code="MHW")
    worker = study_services.participant_add(actor=lead, study=study, role=mhw, site=marsh)
    code_words(coder, make_transcript(study, lead, worker), known.safety, "I felt it was safe")
    service_user = study_services.participant_nominate(actor=lead, worker=worker).service_user
    code_words(coder, make_transcript(study, lead, service_user), known.money, "We agreed")
    alone = study_services.participant_add(actor=lead, study=study, role=mhw, site=riverside)
    make_transcript(study, lead, alone)
    return _export(lead, study)


def _structure(study) -> dict:
    return {
        "sites": set(
            Site.objects.filter(study=study, participants__transcripts__isnull=False)
            .values_list("name", "borough")
            .distinct()
        ),
        "people": set(
            Participant.objects.filter(study=study, transcripts__isnull=False).values_list(
                "pseudonym", "site__name"
            )
        ),
        "dyads": set(
            Dyad.objects.filter(study=study).values_list(
                "worker__pseudonym", "service_user__pseudonym"
            )
        ),
    }


def _dyad_counts(study) -> dict:
    """The dyad comparison of every node with what is below it, keyed by node name and
    by the dyad's pseudonyms."""
    nodes = dict(Node.objects.filter(study=study).values_list("pk", "name"))
    pairs = {
        str(pk): (worker, service_user)
        for pk, worker, service_user in Dyad.objects.filter(study=study).values_list(
            "pk", "worker__pseudonym", "service_user__pseudonym"
        )
    }
    query = MatrixQuery.objects.create(
        study=study, name="Dyads", kind=QueryKind.DYADS,
        rows=[{"node": pk, "below": True} for pk in nodes],
    )  # fmt: skip
    counted = kinds.count(query)
    return {
        "cells": {
            nodes[int(row)]: {pairs[dyad]: pair for dyad, pair in cells.items()}
            for row, cells in counted["cells"].items()
        },
        "summary": {nodes[int(row)]: tally for row, tally in counted["summary"].items()},
        "open": {pairs[dyad]: sides for dyad, sides in counted["open"].items()},
    }


def _round_trip(lead, data: bytes):
    job = start(lead, data)
    return confirm(lead, job, {**CONSENTED, "role_variable": job.report["role_variable"]})


def test_sites_dyads_and_each_participant_s_site_come_back_from_a_platform_export(
    study, lead, structured
):
    copy = _round_trip(lead, structured).study

    assert _structure(copy) == _structure(study)
    assert ("Marsh Lane Recovery Team", "Hackney") in _structure(copy)["sites"]
    assert len(_structure(copy)["dyads"]) == 2


def test_the_dyad_comparison_of_an_imported_study_counts_as_the_original_s(study, lead, structured):
    copy = _round_trip(lead, structured).study

    original = _dyad_counts(study)
    assert original["cells"]  # something to compare
    assert _dyad_counts(copy) == original


def test_role_site_and_dyad_of_an_export_are_not_questions_of_the_information_form(
    study, lead, structured
):
    preview = start(lead, structured).report
    job = _round_trip(lead, structured)

    builtin = {v["name"] for v in preview["variables"] if v["builtin"]}
    assert builtin == {"Role", "Site", "Dyad"}
    assert not AttributeDefinition.objects.filter(study=job.study).exists()
    assert job.report["created"]["sites"] == 2
    assert job.report["created"]["dyads"] == 2
    assert any(line.startswith("2 sites (") for line in preview["became"])
    assert preview["became"] == job.report["became"]
    assert not any("Site:" in line or "Dyad:" in line for line in job.report["discarded"])


def test_sites_and_dyads_are_read_from_sets_named_as_an_export_names_them(lead):
    job = imported(lead, refi_files.structure_sets())
    study = job.study

    assert set(Site.objects.filter(study=study).values_list("name", "borough")) == {
        ("Marsh Lane", "Hackney"),
        ("Riverside", ""),
    }
    assert set(Participant.objects.filter(study=study).values_list("pseudonym", "site__name")) == {
        ("MHW4", "Marsh Lane"),
        ("SU7", "Marsh Lane"),
        ("MHW5", "Riverside"),
    }
    assert set(
        Dyad.objects.filter(study=study).values_list("worker__pseudonym", "service_user__pseudonym")
    ) == {("MHW4", "SU7")}
    assert job.report["discarded"] == []


def test_sites_in_an_existing_study_are_matched_by_name_and_not_made_again(study, lead):
    marsh = study_services.site_add(actor=lead, study=study, name="marsh lane")

    job = imported(lead, refi_files.structure_sets(), study)

    assert sorted(Site.objects.filter(study=study).values_list("name", flat=True)) == [
        "Riverside",
        "marsh lane",
    ]
    assert Participant.objects.get(study=study, pseudonym="SU7").site == marsh
    assert job.report["created"]["sites"] == 1


def test_another_tool_s_file_makes_no_sites_or_dyads(lead):
    study = imported(lead, refi_files.nvivo()[0]).study

    assert not Site.objects.filter(study=study).exists()
    assert not Dyad.objects.filter(study=study).exists()
    assert {"Age", "Years in service"} <= set(
        AttributeDefinition.objects.filter(study=study).values_list("label", flat=True)
    )


def test_a_dyad_the_study_s_rules_refuse_is_left_out_with_the_reason(lead):
    job = imported(lead, refi_files.structure_sets(dyad=("MHW4", "MHW5")))

    assert not Dyad.objects.filter(study=job.study).exists()
    assert job.report["created"]["dyads"] == 0
    [line] = job.report["discarded"]
    assert line.startswith("The dyad “MHW4 and MHW5”: ")
    assert "not a service user" in line


def test_the_preview_of_a_second_import_says_its_sources_are_in_the_study_already(study, lead):
    imported(lead, refi_files.structure_sets(), study)

    report = start(lead, refi_files.structure_sets(), study).report

    assert "The source “MHW4” is in the study already: not imported again." in report["discarded"]
    assert len([line for line in report["discarded"] if "in the study already" in line]) == 3


@pytest.mark.parametrize(
    ("name", "title"),
    [("Pilot interviews.qda", "Pilot interviews"), ("Study.NVPX", "Study"), ("Plain", "Plain")],
)
def test_a_project_named_after_its_file_is_titled_without_the_ending(name, title):
    from analysis.refi.read import _project_title

    assert _project_title(name) == title
