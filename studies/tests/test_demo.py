from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from studies import services
from studies.access import StudyAccess
from studies.demo import DEMO_DATA, DEMO_SITES, DEMO_STUDY_SLUG, demo_password
from studies.models import Membership, Site, Study, User
from studies.sample import sample_tables
from studies.selectors import recruitment_summary
from studies.services import consent_status


def _snapshot():
    return (
        Study.objects.count(),
        sorted(Membership.objects.values_list("user__username", "role")),
        sorted(Site.objects.values_list("name", "borough")),
        User.objects.count(),
    )


def test_load_demo_creates_the_demo_study_with_five_sites_in_three_boroughs(db, capsys):
    call_command("load_demo")
    study = Study.objects.get(slug=DEMO_STUDY_SLUG)
    sites = list(study.sites.values_list("name", "borough", "target_dyads"))
    assert sites == list(DEMO_SITES)
    assert len({borough for _, borough, _ in sites}) == 3
    assert list(study.roles.values_list("code", flat=True)) == ["MHW", "SU"]
    roles = dict(study.memberships.values_list("user__username", "role"))
    assert roles == {
        "demo-lead": "lead", "demo-coder": "coder", "demo-coder2": "coder",
        "demo-consent": "consent_admin",
    }  # fmt: skip
    printed = capsys.readouterr().out
    assert demo_password("demo-lead") in printed
    assert f"demo-coder2    {demo_password('demo-coder2')}" in printed


def test_load_demo_twice_changes_nothing(db):
    call_command("load_demo")
    before = _snapshot()
    call_command("load_demo")
    assert _snapshot() == before


def test_the_printed_demo_password_logs_in(db):
    call_command("load_demo")
    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username="demo-lead", password=demo_password("demo-lead"))
    assert user is not None and user.username == "demo-lead"


def test_the_demo_study_has_eight_complete_dyads_and_a_filled_in_form(db):
    call_command("load_demo")
    study = Study.objects.get(slug=DEMO_STUDY_SLUG)
    summary = recruitment_summary(access=StudyAccess(study=study, role="lead"))
    assert summary.complete_dyads == summary.target == 8
    assert [dyad.worker.pseudonym for dyad in summary.dyads] == [f"MHW{n}" for n in range(1, 9)]
    assert study.participants.get(pseudonym="MHW9").status == "declined"
    tables = {table.role_code: table for table in sample_tables(study=study)}
    assert tables["MHW"].sample_size == tables["SU"].sample_size == 8
    for table in tables.values():
        assert table.attributes and all(summary.missing == 0 for summary in table.attributes)


def test_every_demo_participant_consented_and_one_refused_quotes(db):
    call_command("load_demo")
    study = Study.objects.get(slug=DEMO_STUDY_SLUG)
    taking_part = study.participants.exclude(status="declined")
    statuses = {p.pseudonym: consent_status(p) for p in taking_part}
    assert len(statuses) == 16 and all(status.valid for status in statuses.values())
    refused = {name for name, status in statuses.items() if status.refused}
    assert refused == {"SU5"}
    methods = set(study.participants.values_list("consent_records__method", flat=True))
    assert {"online", "paper", "verbal"} <= methods
    assert study.status == "collecting"


def test_the_demo_publishes_the_information_sheet_its_data_file_holds(db):
    call_command("load_demo")
    sheet = services.published_document(
        Study.objects.get(slug=DEMO_STUDY_SLUG), "information_sheet"
    )
    written = (DEMO_DATA / "information-sheet.md").read_text(encoding="utf-8").strip()
    assert sheet.body == written
    assert written.count("\n\n") == 5  # six paragraphs, as written
