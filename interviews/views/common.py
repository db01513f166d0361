"""Helpers the participant pages and the in-person session page share."""

from django.http import QueryDict

from ..models import Question
from ..plan import Page


def answer_field_name(question: Question) -> str:
    return f"q{question.pk}"


def typed_at_from(data: QueryDict) -> int | None:
    """The browser's stamp of when it sent the answers (static/js/answers.js), if sane."""
    value = data.get("typed_at", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 15 else None


def answers_from_post(page: Page, data: QueryDict) -> dict[int, str]:
    """{question id: raw value} for the page's questions present in the post. A choice
    left unpicked is absent, so it leaves a stored answer alone rather than erasing it."""
    return {
        question.pk: data[answer_field_name(question)]
        for question in page.questions
        if answer_field_name(question) in data
    }
