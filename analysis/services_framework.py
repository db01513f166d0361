"""State changes of framework matrices: a framework saved (its name, case type and
themes), and the summary of each cell written, version by version.

Summaries are checked like coding's nodes: a save names the version the writer opened
(0 for a cell with no summary yet), and a save made on an older version is refused with
who changed it since, never written over their words."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from coding.models import Node
from studies import access
from studies.models import Dyad, Participant, Study, User
from studies.text import check_characters

from .models import (
    SUMMARY_MAX_CHARS,
    CaseType,
    Framework,
    FrameworkSummary,
    FrameworkSummaryVersion,
)
from .services import WRITE, _clean_rows, clean_name

MAX_THEMES = 40


class SummaryConflict(ValidationError):
    """A summary changed since the writer opened it. Carries the current summary, so a
    page can show the other person's words beside the writer's own."""

    def __init__(self, message: str, current: FrameworkSummary | None) -> None:
        super().__init__({"version": message}, code="conflict")
        self.current = current


def _clean_themes(study: Study, themes) -> list[dict]:
    """The matrix query's rule for chosen nodes, reported on `themes`."""
    if isinstance(themes, list) and len(themes) > MAX_THEMES:
        raise ValidationError({"themes": f"A framework has at most {MAX_THEMES} themes."})
    try:
        return _clean_rows(study, themes)
    except ValidationError as error:
        raise ValidationError({"themes": error.message_dict["rows"]}) from None


@transaction.atomic
def framework_create(
    *, actor: User, study: Study, name: str, themes: list, cases: str = CaseType.PARTICIPANTS
) -> Framework:
    """Saves a framework: the cases in its rows and the themes in its columns."""
    access.require(actor, study, WRITE)
    if cases not in CaseType.values:
        raise ValidationError({"cases": "Choose participants or dyads."})
    return Framework.objects.create(
        study=study, name=clean_name(study, name, Framework(), noun="framework"), cases=cases,
        themes=_clean_themes(study, themes), created_by=actor,
    )  # fmt: skip


@transaction.atomic
def framework_update(
    *, actor: User, framework: Framework, name: str | None = None, themes: list | None = None
) -> Framework:
    """Renames the framework or changes its themes. A theme taken out keeps its
    summaries: they show again if it is put back. The case type stays, as every
    summary was written about a case of that type."""
    access.require(actor, framework.study, WRITE)
    if name is not None:
        framework.name = clean_name(framework.study, name, framework, noun="framework")
    if themes is not None:
        framework.themes = _clean_themes(framework.study, themes)
    framework.updated_at = timezone.now()
    framework.save()
    return framework


@transaction.atomic
def framework_delete(*, actor: User, framework: Framework) -> None:
    """Deletes the framework with every summary and version written in it."""
    access.require(actor, framework.study, WRITE)
    framework.delete()


def _case(framework: Framework, participant: Participant | None, dyad: Dyad | None):
    """(participant, partner, dyad) of a case of the framework's type, or a field error."""
    if framework.cases == CaseType.DYADS:
        if dyad is None or dyad.study_id != framework.study_id:
            raise ValidationError({"dyad": "Choose a dyad of this study."})
        return dyad.worker, dyad.service_user, dyad
    if participant is None or participant.study_id != framework.study_id:
        raise ValidationError({"participant": "Choose a participant of this study."})
    return participant, None, None


def _theme(framework: Framework, node: Node) -> Node:
    if node.study_id != framework.study_id or not any(
        theme["node"] == node.pk for theme in framework.themes
    ):
        raise ValidationError({"node": "Not a theme of this framework."})
    return node


def _conflict_message(current: FrameworkSummary, opened: int) -> str:
    who = current.edited_by.get_username() if current.edited_by else "Someone"
    when = timezone.localtime(current.edited_at).strftime("%d %b %Y %H:%M")
    seen = f"version {opened}" if opened else "the empty cell"
    return (
        f"{who} saved this summary (now version {current.version}, {when}) after you opened "
        f"{seen}. Read their text, then save yours again if it should replace it."
    )


@transaction.atomic
def summary_save(
    *, actor: User, framework: Framework, node: Node, text: str, version: int,
    participant: Participant | None = None, dyad: Dyad | None = None,
) -> FrameworkSummary:  # fmt: skip
    """Saves the summary of one cell (a participant or a dyad, by the framework's case
    type, under one of its themes) as its next version. `version` is the version the
    writer opened (0: the cell was empty); if someone saved since, SummaryConflict.
    Saving the same text again changes nothing."""
    access.require(actor, framework.study, WRITE)
    person, partner, dyad = _case(framework, participant, dyad)
    node = _theme(framework, node)
    text = (text or "").strip()
    if len(text) > SUMMARY_MAX_CHARS:
        raise ValidationError({"text": f"A summary is at most {SUMMARY_MAX_CHARS:,} characters."})
    check_characters(texts={"text": text})
    current = (
        FrameworkSummary.objects.select_for_update(of=("self",))
        .select_related("edited_by")
        .filter(framework=framework, node=node, participant=person)
        .first()
    )
    if (current.version if current else 0) != version:
        if current is None:
            raise SummaryConflict("This summary was removed since you opened it.", None)
        raise SummaryConflict(_conflict_message(current, version), current)
    if current is not None and current.text == text:
        return current
    now = timezone.now()
    if current is None:
        try:
            with transaction.atomic():
                current = FrameworkSummary.objects.create(
                    framework=framework, node=node, participant=person, partner=partner,
                    dyad=dyad, text=text, version=1, edited_by=actor, edited_at=now,
                )  # fmt: skip
        except IntegrityError:
            # Another first save of this cell committed while this one ran.
            other = FrameworkSummary.objects.select_related("edited_by").get(
                framework=framework, node=node, participant=person
            )
            raise SummaryConflict(_conflict_message(other, version), other) from None
    else:
        current.text, current.version = text, current.version + 1
        current.edited_by, current.edited_at = actor, now
        current.save(update_fields=["text", "version", "edited_by", "edited_at"])
    FrameworkSummaryVersion.objects.create(
        summary=current, version=current.version, text=text, edited_by=actor, edited_at=now
    )
    return current
