"""The memos list: filters by type, author and what a memo is about, a search of
titles and texts, and writing or changing one's own memos through coding.services.
Reading needs VIEW_DATA; writing needs CODE, and only a memo's author changes it."""

from django.contrib import messages
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from interviews.models import Transcript
from studies.access import Action, StudyAccess, study_access
from studies.forms import add_service_errors
from studies.models import User
from studies.views.common import form_if_allowed, posted

from . import selectors, services
from .forms_codebook import STUDY, MemoFilterForm, MemoForm
from .models import CodedSegment, Memo, Node
from .views_codebook import node_choices, study_nodes

# Whole kinds of subject, for the filter, beside each node and transcript by name.
ABOUT_KINDS = {"nodes": "node", "transcripts": "transcript", "segments": "segment"}


def _transcript_choices(study) -> list[tuple[str, str]]:
    transcripts = (
        Transcript.objects.filter(study=study)
        .select_related("participant")
        .only("pk", "participant__pseudonym")
        .order_by("participant__pseudonym")
    )
    return [(f"transcript:{t.pk}", f"{t.participant.pseudonym}'s transcript") for t in transcripts]


def _subjects(study, nodes: list[Node]) -> list[tuple[str, str]]:
    """Every node and transcript a memo may be about, as choices."""
    return [
        *((f"node:{pk}", label) for pk, label in node_choices(nodes)),
        *_transcript_choices(study),
    ]


def _segment_choice(segments: QuerySet[CodedSegment], value: str) -> list[tuple[str, str]]:
    """A segment offered as a subject only when the memo is started from it (there are
    too many to list); only one the member may see (independent coding hides others')."""
    kind, _, pk = value.partition(":")
    if kind != "segment" or not pk.isdigit():
        return []
    segment = get_object_or_404(segments.select_related("transcript__participant"), pk=pk)
    return [(value, f"{segment.transcript.participant.pseudonym}: “{segment.text[:80]}”")]


def _about(study, segments: QuerySet[CodedSegment], value: str) -> dict:
    """The keyword arguments of memo_create for a chosen subject."""
    kind, _, pk = value.partition(":")
    if kind == "node":
        return {"node": get_object_or_404(Node.objects.filter(study=study), pk=pk)}
    if kind == "transcript":
        return {"transcript": get_object_or_404(Transcript.objects.filter(study=study), pk=pk)}
    if kind == "segment":
        return {"segment": get_object_or_404(segments, pk=pk)}
    return {}


def _search(memos: QuerySet[Memo], words: str) -> QuerySet[Memo]:
    """PostgreSQL's full-text search (stems: "trusting" finds "trust"); elsewhere every
    word as a plain substring."""
    if connection.vendor == "postgresql":
        vector = SearchVector("title", "text", config="english")
        query = SearchQuery(words, config="english", search_type="websearch")
        return memos.annotate(found=vector).filter(found=query)
    return selectors.memo_search(memos=memos, words=words)


def _filtered(memos: QuerySet[Memo], data: dict) -> QuerySet[Memo]:
    if data.get("kind"):
        memos = memos.filter(kind=data["kind"])
    if data.get("author"):
        memos = memos.filter(author_id=data["author"])
    about = data.get("about") or ""
    if about == STUDY:
        memos = memos.filter(node=None, transcript=None, segment=None)
    elif about in ABOUT_KINDS:
        memos = memos.filter(**{f"{ABOUT_KINDS[about]}__isnull": False})
    elif ":" in about:
        kind, _, pk = about.partition(":")
        memos = memos.filter(**{f"{kind}_id": pk})
    if data.get("q"):
        memos = _search(memos, data["q"])
    return memos


def _authors(study) -> list[tuple[str, str]]:
    users = User.objects.filter(memberships__study=study).order_by("first_name", "username")
    return [(str(user.pk), str(user)) for user in users]


@require_http_methods(["GET", "POST"])
def memos(request: HttpRequest, slug: str) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.VIEW_DATA)
    study = access.study
    subjects = _subjects(study, study_nodes(study))
    about = [
        ("nodes", "Any node"), ("transcripts", "Any transcript"), ("segments", "Any segment"),
        *subjects,
    ]  # fmt: skip
    filters = MemoFilterForm(request.GET or None, authors=_authors(study), about=about)
    start = request.POST.get("about") or request.GET.get("start", "")
    segments = selectors.segments_visible(user=request.user, access=access)
    form = form_if_allowed(
        request, access, Action.CODE, MemoForm,
        about=[*_segment_choice(segments, start), *subjects],
        initial={"about": start} if start else None,
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            memo = services.memo_create(
                author=request.user, study=study, title=data["title"], text=data["text"],
                kind=data["kind"], **_about(study, segments, data["about"]),
            )  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Saved the memo “{memo.title}”.")
            return redirect("memos", slug=slug)
    listed = selectors.memo_list(study=study).select_related(
        "node", "transcript__participant", "segment"
    )
    if filters.is_bound and filters.is_valid():
        listed = _filtered(listed, filters.cleaned_data)
    context = {
        "access": access, "study": study, "memos": listed, "filters": filters, "form": form,
        "filtering": filters.is_bound,
    }  # fmt: skip
    status = 400 if (form and form.errors) or filters.errors else 200
    return render(request, "coding/memos.html", context, status=status)


def _own(access: StudyAccess, pk: int) -> Memo:
    return get_object_or_404(
        Memo.objects.filter(study=access.study).select_related("node", "transcript"), pk=pk
    )


@require_http_methods(["GET", "POST"])
def memo_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.CODE)
    memo = _own(access, pk)
    if memo.author_id != request.user.pk:
        # memo_update refuses too; this spares showing a form that could not be saved.
        raise PermissionDenied("Only a memo's author changes it; write a memo of your own.")
    form = MemoForm(
        posted(request), about=[],
        initial={"kind": memo.kind, "title": memo.title, "text": memo.text},
    )  # fmt: skip
    del form.fields["about"]  # what a memo is about stays as it was written
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.memo_update(actor=request.user, memo=memo, title=data["title"],
                                 text=data["text"], kind=data["kind"])  # fmt: skip
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Saved the memo.")
            return redirect("memos", slug=slug)
    context = {"access": access, "study": access.study, "memo": memo, "form": form}
    return render(request, "coding/memo_edit.html", context, status=400 if form.errors else 200)


@require_POST
def memo_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    access = study_access(user=request.user, slug=slug, action=Action.CODE)
    memo = _own(access, pk)
    services.memo_delete(actor=request.user, memo=memo)
    messages.success(request, f"Deleted the memo “{memo.title}”.")
    return redirect("memos", slug=slug)
