"""The demo's saved matrix queries: there, each counted with real numbers, and the one
the issue names (explanatory themes by role) showing where workers and service users
differ."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from analysis import services
from analysis.models import MatrixQuery
from studies.demo import DEMO_STUDY_SLUG
from studies.models import Study, User


@pytest.fixture
def demo(db):
    call_command("load_demo")
    return Study.objects.get(slug=DEMO_STUDY_SLUG)


def test_the_demo_has_its_saved_queries_each_with_rows(demo):
    names = set(MatrixQuery.objects.filter(study=demo).values_list("name", flat=True))
    assert {"Explanatory themes by role", "Descriptive themes by vignette"} <= names
    for query in MatrixQuery.objects.filter(study=demo):
        assert query.rows, query.name


def test_explanatory_themes_by_role_counts_both_roles_in_every_theme(
    demo, django_capture_on_commit_callbacks
):
    lead = User.objects.get(username="demo-lead")
    query = MatrixQuery.objects.get(study=demo, name="Explanatory themes by role")
    with django_capture_on_commit_callbacks(execute=True):
        services.matrix_request(actor=lead, query=query)
    query.result.refresh_from_db()
    counts = query.result.counts
    assert len(counts["cells"]) == 4
    roles = {str(pk) for pk in demo.roles.values_list("pk", flat=True)}
    assert set(counts["column_totals"]) == roles
    assert counts["total"][0] > 20


def test_the_demo_coder_opens_the_matrices_page(client, demo):
    client.force_login(User.objects.get(username="demo-coder"))
    page = client.get(reverse("matrices", args=[demo.slug])).content.decode()
    assert "Explanatory themes by role" in page
