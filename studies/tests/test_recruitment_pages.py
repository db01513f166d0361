import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from studies import services
from studies.models import Participant
from tests.factories import give_consent


@pytest.fixture
def as_lead(client, lead):
    client.force_login(lead)
    return client


@pytest.fixture
def site(study, lead):
    return services.site_add(actor=lead, study=study, name="Riverside", target_dyads=2)


def _recruit_dyads(lead, study, site, count: int):
    mhw = study.roles.get(recruitment="first")
    for _ in range(count):
        worker = services.participant_add(actor=lead, study=study, role=mhw, site=site)
        dyad = services.participant_nominate(actor=lead, worker=worker)
        for member in (worker, dyad.service_user):
            give_consent(member, lead)


def test_adding_a_worker_by_page_gives_the_next_pseudonym(as_lead, study, site):
    response = as_lead.post(
        reverse("participant-add", args=[study.slug]),
        {"role": study.roles.get(code="MHW").pk, "site": site.pk, "name": "Jo"},
    )
    worker = Participant.objects.get()
    assert worker.pseudonym == "MHW1"
    assert response["Location"] == reverse("participant-detail", args=[study.slug, worker.pk])


def test_the_service_user_role_is_not_offered_when_adding(as_lead, study):
    form = as_lead.get(reverse("participant-add", args=[study.slug])).context["form"]
    assert [role.code for role in form.fields["role"].queryset] == ["MHW"]


def test_a_nomination_by_page_creates_the_dyad(as_lead, study, lead, site):
    mhw = study.roles.get(code="MHW")
    worker = services.participant_add(actor=lead, study=study, role=mhw, site=site)
    response = as_lead.post(
        reverse("participant-nominate", args=[study.slug, worker.pk]), {"name": "Sam"}
    )
    service_user = Participant.objects.get(pseudonym="SU1")
    assert response["Location"] == reverse("participant-detail", args=[study.slug, service_user.pk])
    page = as_lead.get(response["Location"]).content.decode()
    assert "In a dyad with" in page and "MHW1" in page


def test_a_second_nomination_by_page_is_explained_on_the_form(as_lead, study, lead, site):
    mhw = study.roles.get(code="MHW")
    worker = services.participant_add(actor=lead, study=study, role=mhw, site=site)
    services.participant_nominate(actor=lead, worker=worker)
    response = as_lead.post(reverse("participant-nominate", args=[study.slug, worker.pk]), {})
    assert "already nominated" in response.content.decode()
    assert Participant.objects.count() == 2


def test_a_step_dated_in_the_future_is_refused_with_a_message(as_lead, study, lead, site):
    mhw = study.roles.get(code="MHW")
    worker = services.participant_add(actor=lead, study=study, role=mhw, site=site)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = as_lead.post(
        reverse("participant-status", args=[study.slug, worker.pk]),
        {"status": "consented", "on": tomorrow.isoformat()},
        follow=True,
    )
    assert "cannot be dated in the future" in response.content.decode()
    worker.refresh_from_db()
    assert worker.status == "identified"


def test_recording_a_step_by_page_updates_the_status_and_history(as_lead, study, lead, site):
    mhw = study.roles.get(code="MHW")
    worker = services.participant_add(actor=lead, study=study, role=mhw, site=site)
    as_lead.post(
        reverse("participant-status", args=[study.slug, worker.pk]),
        {"status": "approached", "note": "Phoned"},
    )
    worker.refresh_from_db()
    assert worker.status == "approached"
    page = as_lead.get(reverse("participant-detail", args=[study.slug, worker.pk]))
    assert "Phoned" in page.content.decode()


def test_the_board_counts_complete_dyads_against_the_targets(as_lead, study, lead, site):
    services.study_update(actor=lead, study=study, target_dyads=4)
    _recruit_dyads(lead, study, site, 2)
    response = as_lead.get(reverse("recruitment-board", args=[study.slug]))
    summary = response.context["summary"]
    assert (summary.complete_dyads, summary.target) == (2, 4)
    assert [(row.site.name, row.complete_dyads, row.target) for row in summary.sites] == [
        ("Riverside", 2, 2)
    ]
    assert "<svg" in response.content.decode()


def test_the_board_query_count_does_not_grow(
    as_lead, study, lead, site, django_assert_max_num_queries
):
    _recruit_dyads(lead, study, site, 6)
    url = reverse("recruitment-board", args=[study.slug])
    as_lead.get(url)
    with django_assert_max_num_queries(10):
        as_lead.get(url)


def test_the_participant_list_query_count_does_not_grow(
    as_lead, study, lead, site, django_assert_max_num_queries
):
    _recruit_dyads(lead, study, site, 6)
    url = reverse("participants", args=[study.slug])
    as_lead.get(url)
    with django_assert_max_num_queries(7):
        response = as_lead.get(url)
    assert response.content.decode().count("participant-detail") == 0  # links are paths
    assert len(response.context["participants"]) == 12


def test_the_participant_list_filters_and_ignores_a_bad_site(as_lead, study, lead, site):
    _recruit_dyads(lead, study, site, 1)
    url = reverse("participants", args=[study.slug])
    assert [p.pseudonym for p in as_lead.get(url, {"role": "SU"}).context["participants"]] == [
        "SU1"
    ]
    assert len(as_lead.get(url, {"site": "abc"}).context["participants"]) == 2


def test_the_recruitment_log_lists_every_step_by_pseudonym_and_neutralises_notes(
    as_lead, study, lead, site
):
    mhw = study.roles.get(code="MHW")
    worker = services.participant_add(actor=lead, study=study, role=mhw, site=site, name="Jo Doe")
    services.participant_set_status(
        actor=lead, participant=worker, status="approached", note="=cmd|' /C calc'!A0"
    )
    response = as_lead.get(reverse("recruitment-log", args=[study.slug]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("pseudonym,role,site,status")
    assert lines[1].startswith("MHW1,MHW,Riverside,Identified")
    assert "'=cmd" in lines[2]
    assert "Jo Doe" not in response.content.decode()


def test_the_sample_tables_download_as_csv_and_xlsx(as_lead, study, lead, site):
    age = services.attribute_create(actor=lead, study=study, label="Age", kind="number")
    _recruit_dyads(lead, study, site, 3)
    for participant in Participant.objects.all():
        services.attribute_values_save(
            actor=lead, participant=participant, answers={age.pk: 30 + participant.pk}
        )
    csv = as_lead.get(reverse("study-sample-download", args=[study.slug, "csv"]))
    assert "Age" in csv.content.decode("utf-8-sig")
    xlsx = as_lead.get(reverse("study-sample-download", args=[study.slug, "xlsx"]))
    assert xlsx["Content-Disposition"].endswith('.xlsx"')
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames == ["MHW", "SU"]


def test_a_viewer_reads_the_sample_but_cannot_download_it(client, study, viewer):
    client.force_login(viewer)
    assert client.get(reverse("study-sample", args=[study.slug])).status_code == 200
    url = reverse("study-sample-download", args=[study.slug, "csv"])
    assert client.get(url).status_code == 403


def test_a_site_with_participants_is_not_removed_and_the_page_says_why(as_lead, study, lead, site):
    _recruit_dyads(lead, study, site, 1)
    response = as_lead.post(reverse("site-remove", args=[study.slug, site.pk]), follow=True)
    assert "rename it instead" in response.content.decode()
    assert study.sites.filter(pk=site.pk).exists()


def test_roles_show_as_locked_once_recruitment_started(as_lead, study, lead, site):
    mhw = study.roles.get(code="MHW")
    url = reverse("role-edit", args=[study.slug, mhw.pk])
    assert as_lead.post(url, {"code": "CW", "label": "Care worker"}).status_code == 302
    _recruit_dyads(lead, study, site, 1)
    page = as_lead.get(url).content.decode()
    assert page.count("disabled") >= 2  # code and name are shown, not editable
    as_lead.post(url, {"code": "MHW", "label": "Mental health worker"})
    mhw.refresh_from_db()
    assert (mhw.code, mhw.label) == ("CW", "Care worker")


def test_marking_consented_without_a_consent_record_warns(as_lead, study, lead, site):
    mhw = study.roles.get(code="MHW")
    worker = services.participant_add(actor=lead, study=study, role=mhw, site=site)
    response = as_lead.post(
        reverse("participant-status", args=[study.slug, worker.pk]),
        {"status": "consented"},
        follow=True,
    )
    assert "no current consent record" in response.content.decode()


def test_the_sample_tables_come_only_as_csv_or_xlsx(as_lead, study):
    response = as_lead.get(reverse("study-sample-download", args=[study.slug, "pdf"]))
    assert response.status_code == 404


def test_it_refuses_a_step_back_by_page_with_the_reason(as_lead, study, lead, site):
    mhw = study.roles.get(code="MHW")
    worker = services.participant_add(actor=lead, study=study, role=mhw, site=site)
    for status in ("consented", "interviewed"):
        services.participant_set_status(actor=lead, participant=worker, status=status)
    response = as_lead.post(
        reverse("participant-status", args=[study.slug, worker.pk]),
        {"status": "identified"},
        follow=True,
    )
    assert "the last recruitment step: it cannot move to identified" in response.content.decode()
    worker.refresh_from_db()
    assert worker.status == "interviewed"
