"""What a session shows, page by page: one page per vignette in the session's order
with the questions asked after it, then the closing questions. Pages, previews, the
required-answer check and generated transcripts all read the plan from here."""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Q

from studies.models import Role, Study

from .models import InterviewSession, Question, QuestionStage, Vignette, VignetteVersion

SHOWN_CACHE_SECONDS = 6 * 3600


@dataclass(frozen=True)
class Page:
    number: int  # 1-based, as participants count
    vignette: Vignette | None  # None on the closing page
    version: VignetteVersion | None
    questions: list[Question] = field(default_factory=list)

    @property
    def closing(self) -> bool:
        return self.vignette is None


def questions_for(study: Study, role: Role) -> list[Question]:
    """The questions a participant of this role is asked, in the order they are asked:
    on each vignette page the questions shared by all vignettes come first. Cached under
    the study's questions revision, which every change to them moves on."""
    key = f"questions:{study.pk}:{study.questions_revision}:{role.pk}"
    questions = cache.get(key)
    if questions is None:
        found = Question.objects.filter(Q(role__isnull=True) | Q(role=role), study=study)
        questions = sorted(
            found.order_by(), key=lambda q: (q.stage, q.vignette_id is not None, q.position, q.pk)
        )
        cache.set(key, questions, SHOWN_CACHE_SECONDS)
    return questions


def asked_after(questions: list[Question], vignette_id: int) -> list[Question]:
    """Of `questions`, those asked after this vignette: its own and the shared ones."""
    return [
        q for q in questions
        if q.stage == QuestionStage.VIGNETTE and q.vignette_id in (None, vignette_id)
    ]  # fmt: skip


def closing_questions(questions: list[Question]) -> list[Question]:
    return [q for q in questions if q.stage == QuestionStage.CLOSING]


def _pages(shown: list[tuple[Vignette, VignetteVersion]], questions: list[Question]) -> list[Page]:
    pages = [
        Page(number, vignette, version, asked_after(questions, vignette.pk))
        for number, (vignette, version) in enumerate(shown, start=1)
    ]
    closing = closing_questions(questions)
    if closing:
        pages.append(Page(len(pages) + 1, None, None, closing))
    return pages


def session_pages(session: InterviewSession, questions: list[Question] | None = None) -> list[Page]:
    if questions is None:
        questions = questions_for(session.study, session.participant.role)
    return _pages(_shown(session), questions)


def _shown(session: InterviewSession) -> list[tuple[Vignette, VignetteVersion]]:
    """The vignettes and versions the session shows, in order. They never change once
    the session is made, so they are cached: every participant request needs them."""
    key = f"session-shown:{session.pk}"
    shown = cache.get(key)
    if shown is None:
        rows = session.vignettes.select_related("vignette", "version").order_by("position")
        shown = [(row.vignette, row.version) for row in rows]
        cache.set(key, shown, SHOWN_CACHE_SECONDS)
    return shown


def preview_pages(study: Study, role: Role) -> list[Page]:
    """What a new participant of this role would see, in the vignettes' own order."""
    vignettes = Vignette.objects.filter(study=study, archived=False, current__isnull=False)
    shown = [(v, v.current) for v in vignettes.select_related("current").order_by("position")]
    return _pages(shown, questions_for(study, role))
