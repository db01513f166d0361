"""Fixtures for interviews: a study with five vignettes and their questions, and a
consented worker with an online session and its link token."""

from html.parser import HTMLParser

import pytest

from interviews import services
from interviews.models import Question
from tests.factories import give_consent

FOLLOW_UPS = ["What do you think will happen next?", "What should the mental health worker do?"]


@pytest.fixture
def vignettes(study, lead):
    made = [
        services.vignette_create(
            actor=lead,
            study=study,
            title=f"Story {number}",
            text=f"Someone in story {number} wants to do something *new*.",
        )  # fmt: skip
        for number in range(1, 6)
    ]
    for prompt in FOLLOW_UPS:
        services.question_create(actor=lead, study=study, prompt=prompt, required=True)
    services.question_create(
        actor=lead, study=study, prompt="Anything else you would like to say?", stage="closing"
    )
    return made


@pytest.fixture
def consented_worker(worker, lead):
    give_consent(worker, lead)
    return worker


@pytest.fixture
def online(consented_worker, vignettes, lead):
    """(session, token) for MHW1's online session."""
    return services.session_create(actor=lead, participant=consented_worker, mode="online")


@pytest.fixture
def follow_ups(vignettes):
    """The two required questions asked after every vignette, in the order asked."""
    return list(Question.objects.filter(stage="vignette").order_by("position", "pk"))


@pytest.fixture
def closing_question(vignettes):
    return Question.objects.get(stage="closing")


class _Element:
    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag, self.attrs, self.parts = tag, attrs, []

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())


class _Page(HTMLParser):
    """Every element of a page with its attributes and text, for tests that check what
    a field says about itself (aria-*) rather than only that some words appear."""

    VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[_Element] = []
        self._open: list[_Element] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = _Element(tag, {name: value or "" for name, value in attrs})
        self.elements.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data):
        for element in self._open:
            element.parts.append(data)

    def find_all(self, tag: str, **attrs: str) -> list[_Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k) == v for k, v in attrs.items())
        ]

    def find(self, tag: str, **attrs: str) -> _Element:
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]

    def by_id(self, element_id: str) -> _Element:
        return self.find_by(id=element_id)

    def find_by(self, **attrs: str) -> _Element:
        found = [e for e in self.elements if all(e.attrs.get(k) == v for k, v in attrs.items())]
        assert len(found) == 1, f"expected one element with {attrs}, found {len(found)}"
        return found[0]


@pytest.fixture
def parse_page():
    """parse_page(response) gives the page's elements: find(tag, **attrs), by_id(id)."""
    return lambda response: _Page(response.content.decode())


@pytest.fixture
def answer_all():
    """answer_all(session) answers every question on every page of the session as the
    participant, each with its own text; returns {(question id, vignette id): text}."""
    from interviews.plan import session_pages

    def answer(session, prefix: str = "Answer") -> dict[tuple[int, int | None], str]:
        given = {}
        for page in session_pages(session):
            vignette_id = page.vignette.pk if page.vignette else None
            texts = {q.pk: f"{prefix} {q.pk} on page {page.number}" for q in page.questions}
            errors = services.answers_save(session=session, page=page, answers=texts).errors
            assert errors == {}
            given |= {(pk, vignette_id): text for pk, text in texts.items()}
        return given

    return answer


@pytest.fixture
def start_import(django_capture_on_commit_callbacks):
    """transcript_import_start with its reading task run as it is after the commit
    (inline, as in the embedded setup); returns the import as the task left it."""

    def start(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            upload = services.transcript_import_start(**kwargs)
        upload.refresh_from_db()
        return upload

    return start
