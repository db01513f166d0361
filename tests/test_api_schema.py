"""Every API operation, called with schema-generated input by the lead of the demo study,
never answers a server error and answers what the OpenAPI schema says (schemathesis).

CI-sized: a few derandomized examples per operation, so a run is the same every time.
All operations run inside one test, so the demo study is loaded once (schemathesis'
own lazy pytest loader does not work with pytest 9)."""

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from analysis.models import Framework, MatrixQuery
from config.wsgi import application
from interviews.models import (
    InterviewSession,
    Question,
    Recording,
    Response,
    Transcript,
    Vignette,
)
from studies import services
from studies.demo import DEMO_STUDY_SLUG
from studies.models import (
    AttributeDefinition,
    ConsentDocument,
    ConsentRecord,
    Dyad,
    Participant,
    Role,
    Site,
    Study,
)

CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]
EXAMPLES_PER_OPERATION = 3


@pytest.fixture
def _connection_kept_across_requests():
    """The WSGI app closes the database connection after each request when it is inside
    a transaction, which on PostgreSQL ends the test's own. Django's test client keeps it
    open the same way: by not closing old connections while a test runs."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def demo_study(db, _connection_kept_across_requests):
    call_command("load_demo", verbosity=0)
    return Study.objects.get(slug=DEMO_STUDY_SLUG)


def _real_ids(study: Study) -> dict[str, int]:
    """One real object of each kind in the study, so that reads and changes reach real
    rows and answer with real data, not only 404s."""
    kinds = {
        "memberships": study.memberships,
        "sites": Site.objects.filter(study=study),
        "roles": Role.objects.filter(study=study),
        "participants": Participant.objects.filter(study=study),
        "dyads": Dyad.objects.filter(worker__study=study),
        "attributes": AttributeDefinition.objects.filter(study=study),
        "consent-documents": ConsentDocument.objects.filter(study=study),
        "consent-records": ConsentRecord.objects.filter(participant__study=study),
        "vignettes": Vignette.objects.filter(study=study),
        "questions": Question.objects.filter(study=study),
        "sessions": InterviewSession.objects.filter(participant__study=study),
        "responses": Response.objects.filter(session__participant__study=study),
        "transcripts": Transcript.objects.filter(study=study),
        "recordings": Recording.objects.filter(study=study),
        "matrix-queries": MatrixQuery.objects.filter(study=study),
        "frameworks": Framework.objects.filter(study=study),
    }
    ids = {}
    for kind, rows in kinds.items():
        first = rows.order_by("pk").values_list("pk", flat=True).first()
        if first is not None:
            ids[kind] = first
    return ids


def _path_parameters(operation, study: Study, ids: dict[str, int]) -> dict:
    parameters = {}
    names = {p.name for p in operation.path_parameters}
    if "study_slug" in names:
        parameters["study_slug"] = study.slug
    if "slug" in names:
        parameters["slug"] = study.slug
    # Deletions get generated ids: a real one would remove rows later operations read.
    if "id" in names and operation.method.upper() != "DELETE":
        kind = operation.path.split("/{id}/")[0].rsplit("/", 1)[-1]
        if kind in ids:
            parameters["id"] = ids[kind]
    return parameters


@pytest.fixture
def api_schema(demo_study):
    lead = demo_study.memberships.get(role="lead").user
    token = services.api_token_issue(user=lead).key
    config = schemathesis.Config.from_dict({"headers": {"Authorization": f"Token {token}"}})
    return schemathesis.openapi.from_wsgi("/api/schema/", application, config=config)


def test_it_answers_every_operation_as_the_schema_says(api_schema, demo_study):
    ids = _real_ids(demo_study)
    failures = {}
    operations = 0
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1
        strategy = operation.as_strategy(
            path_parameters=_path_parameters(operation, demo_study, ids)
        )

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
            print_blob=False,
        )
        @given(case=strategy)
        def call(case):
            case.call_and_validate(checks=CHECKS)

        try:
            call()
        except (Exception, BaseExceptionGroup) as error:  # every operation's failure is reported
            # Schemathesis' report: the failed check, the answer and a curl to reproduce.
            failures[f"{operation.method.upper()} {operation.path}"] = str(error)[:3000]
    assert operations > 80
    assert failures == {}
