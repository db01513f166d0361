"""Helpers the participant pages and the in-person session page share."""

import secrets

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from .. import services
from ..models import Question
from ..plan import Page


def answer_field_name(question: Question) -> str:
    return f"q{question.pk}"


def token_field_name(question_id: int) -> str:
    """The hidden field holding what the page last saw of an answer (its revision)."""
    return f"tok_q{question_id}"


def new_writer_id() -> str:
    """An id for one view of an answers page: its saves are told apart from another
    tab's or device's by it."""
    return secrets.token_urlsafe(12)


def writer_from(data: QueryDict) -> services.Writer:
    """The page view a post comes from, if what it sent is well formed."""
    writer, seq = data.get("tab", ""), data.get("seq", "")
    if not (
        writer.isascii()
        and len(writer) <= 24
        and writer.replace("-", "").replace("_", "").isalnum()
    ):
        writer = ""
    sequence = int(seq) if seq.isascii() and seq.isdigit() and len(seq) <= 15 else None
    return services.Writer(writer, sequence)


def seen_from(data: QueryDict, question_id: int) -> services.Seen | None:
    return services.Seen.parse(data.get(token_field_name(question_id)))


def seen_on_page(page: Page, data: QueryDict) -> dict[int, services.Seen | None]:
    return {question.pk: seen_from(data, question.pk) for question in page.questions}


def answers_from_post(page: Page, data: QueryDict) -> dict[int, str]:
    """{question id: raw value} for the page's questions present in the post. A choice
    left unpicked is absent, so it leaves a stored answer alone rather than erasing it."""
    return {
        question.pk: data[answer_field_name(question)]
        for question in page.questions
        if answer_field_name(question) in data
    }


def save_status(
    request: HttpRequest, *, saved: services.Saved | None = None, error: str = ""
) -> HttpResponse:
    """The status line under one field after its autosave: saved, the reason it was
    not, or the newer text kept from another tab or device. It carries the field's
    token, so the page always holds what it last saw of the answer."""
    question_id = next(
        (int(key[1:]) for key in request.POST if key[:1] == "q" and key[1:].isdigit()), None
    )
    token = request.POST.get(token_field_name(question_id), "") if question_id else ""
    conflict = None
    if saved is not None and question_id is not None:
        error = saved.errors.get(question_id, "")
        conflict = saved.conflicts.get(question_id)
        token = saved.tokens.get(question_id, token)
    context = {
        "token_name": token_field_name(question_id) if question_id else "",
        "token": token, "error": error, "conflict": conflict, "saved": True,
    }  # fmt: skip
    return render(request, "participate/_save_status.html", context)
