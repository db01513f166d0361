"""Writing the vignettes and their questions, and how a study runs its sessions."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max

from studies import access
from studies.access import Action
from studies.models import Role, Study, User
from studies.text import check_characters

from ..models import (
    InterviewSettings,
    Question,
    QuestionKind,
    QuestionStage,
    SessionVignette,
    ValidationStatus,
    Vignette,
    VignetteVersion,
)

CHOICE_MAX = 200
SCALE_LIMIT = 1000
SETTINGS_FIELDS = ("order_policy", "dyad_same_order", "online_nomination", "alert_email")


def interview_settings_for(study: Study) -> InterviewSettings:
    """The study's settings, or the defaults (unsaved) if none were chosen yet."""
    found = InterviewSettings.objects.filter(study=study).first()
    return found or InterviewSettings(study=study)


@transaction.atomic
def interview_settings_update(*, actor: User, study: Study, **values) -> InterviewSettings:
    access.require(actor, study, Action.EDIT_STUDY)
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not interview settings: {sorted(unknown)}")
    current = interview_settings_for(study)
    for name, value in values.items():
        setattr(current, name, value)
    current.full_clean(exclude=["study"])
    current.save()
    return current


# --- Vignettes --------------------------------------------------------------------------


def _clean_words(title: str, text: str) -> tuple[str, str]:
    title, text = title.strip(), text.strip()
    errors = {}
    if not title:
        errors["title"] = "Give the vignette a title."
    if not text:
        errors["text"] = "Write the vignette's text."
    if errors:
        raise ValidationError(errors)
    check_characters(lines={"title": title}, texts={"text": text})
    return title, text


def _clean_status(status: str) -> str:
    if status not in ValidationStatus.values:
        raise ValidationError({"validation_status": "Choose one of the listed statuses."})
    return status


@transaction.atomic
def vignette_create(
    *, actor: User, study: Study, title: str, text: str,
    validation_status: str = ValidationStatus.DRAFT, validation_notes: str = "",
) -> Vignette:  # fmt: skip
    access.require(actor, study, Action.EDIT_STUDY)
    title, text = _clean_words(title, text)
    last = Vignette.objects.filter(study=study).aggregate(last=Max("position"))["last"]
    vignette = Vignette.objects.create(
        study=study, position=0 if last is None else last + 1,
        validation_status=_clean_status(validation_status),
        validation_notes=validation_notes.strip(),
    )  # fmt: skip
    vignette.current = VignetteVersion.objects.create(
        vignette=vignette, number=1, title=title, text=text, created_by=actor
    )
    vignette.save(update_fields=["current"])
    return vignette


def vignette_version_used(version: VignetteVersion) -> bool:
    return SessionVignette.objects.filter(version=version).exists()


@transaction.atomic
def vignette_update(
    *, actor: User, vignette: Vignette, title: str, text: str, validation_status: str,
    validation_notes: str = "",
) -> Vignette:  # fmt: skip
    """Changes the vignette's words in place while no session has shown them; after
    that a change of words is a new version, and sessions keep the one they showed."""
    access.require(actor, vignette.study, Action.EDIT_STUDY)
    title, text = _clean_words(title, text)
    # Lock the vignette row alone: PostgreSQL cannot lock the nullable side of a join.
    vignette = Vignette.objects.select_for_update().get(pk=vignette.pk)
    current = VignetteVersion.objects.get(pk=vignette.current_id)
    if (title, text) != (current.title, current.text):
        if vignette_version_used(current):
            vignette.current = VignetteVersion.objects.create(
                vignette=vignette, number=current.number + 1, title=title, text=text,
                created_by=actor,
            )  # fmt: skip
        else:
            current.title, current.text, current.created_by = title, text, actor
            current.save(update_fields=["title", "text", "created_by"])
    vignette.validation_status = _clean_status(validation_status)
    vignette.validation_notes = validation_notes.strip()
    vignette.save(update_fields=["current", "validation_status", "validation_notes"])
    return vignette


@transaction.atomic
def vignette_archive(*, actor: User, vignette: Vignette, archived: bool = True) -> None:
    """Archived vignettes leave new sessions; sessions that showed them keep them."""
    access.require(actor, vignette.study, Action.EDIT_STUDY)
    Vignette.objects.filter(pk=vignette.pk).update(archived=archived)
    vignette.archived = archived


@transaction.atomic
def vignette_delete(*, actor: User, vignette: Vignette) -> None:
    access.require(actor, vignette.study, Action.EDIT_STUDY)
    if SessionVignette.objects.filter(vignette=vignette).exists():
        raise ValidationError("Sessions have shown this vignette: archive it instead.")
    vignette.delete()
    questions_changed(vignette.study_id)  # its own questions went with it


@transaction.atomic
def vignette_move(*, actor: User, vignette: Vignette, offset: int) -> None:
    """Moves a vignette up (negative offset) or down in the fixed order."""
    access.require(actor, vignette.study, Action.EDIT_STUDY)
    ordered = list(Vignette.objects.select_for_update().filter(study=vignette.study_id))
    index = next(i for i, other in enumerate(ordered) if other.pk == vignette.pk)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    for position, other in enumerate(ordered):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


# --- Questions --------------------------------------------------------------------------


def _clean_question(*, study: Study, values: dict) -> dict:
    errors: dict[str, str] = {}
    prompt = values.get("prompt", "").strip()
    if not prompt:
        errors["prompt"] = "Write the question."
    stage = values.get("stage", QuestionStage.VIGNETTE)
    if stage not in QuestionStage.values:
        errors["stage"] = "Choose when the question is asked."
    vignette: Vignette | None = values.get("vignette")
    if vignette is not None and vignette.study_id != study.pk:
        errors["vignette"] = "Choose a vignette of this study."
    if stage == QuestionStage.CLOSING and vignette is not None:
        errors["vignette"] = "Closing questions are asked once at the end, not after a vignette."
    role: Role | None = values.get("role")
    if role is not None and role.study_id != study.pk:
        errors["role"] = "Choose a role of this study."
    kind = values.get("kind", QuestionKind.TEXT)
    choices: list[str] = []
    if kind not in QuestionKind.values:
        errors["kind"] = "Choose one of the listed kinds."
    elif kind == QuestionKind.CHOICE:
        choices = [str(c).strip() for c in values.get("choices") or [] if str(c).strip()]
        if len(choices) < 2:
            errors["choices"] = "List at least two options, one per line."
        elif len({c.casefold() for c in choices}) != len(choices):
            errors["choices"] = "Each option may appear only once."
        elif any(len(c) > CHOICE_MAX for c in choices):
            errors["choices"] = f"Keep each option under {CHOICE_MAX} characters."
    scale_min, scale_max = values.get("scale_min", 1), values.get("scale_max", 5)
    if kind == QuestionKind.SCALE:
        if not -SCALE_LIMIT <= scale_min <= SCALE_LIMIT:
            errors["scale_min"] = f"Start the scale between -{SCALE_LIMIT} and {SCALE_LIMIT}."
        elif not scale_min < scale_max <= scale_min + 20:
            errors["scale_max"] = "The top of the scale must be above the bottom, at most 20 steps."
    if errors:
        raise ValidationError(errors)
    check_characters(
        lines={
            "prompt": prompt, "choices": "".join(choices),
            **{f: values.get(f, "") for f in ("help_text", "scale_min_label", "scale_max_label")},
        }
    )  # fmt: skip
    return {
        "prompt": prompt,
        "help_text": values.get("help_text", "").strip(),
        "stage": stage,
        "vignette": vignette,
        "role": role,
        "kind": kind,
        "choices": choices,
        "scale_min": scale_min if kind == QuestionKind.SCALE else 1,
        "scale_max": scale_max if kind == QuestionKind.SCALE else 5,
        "scale_min_label": values.get("scale_min_label", "").strip(),
        "scale_max_label": values.get("scale_max_label", "").strip(),
        "required": bool(values.get("required", False)),
    }


QUESTION_FIELDS = (
    "prompt", "help_text", "stage", "vignette", "role", "kind", "choices", "scale_min",
    "scale_max", "scale_min_label", "scale_max_label", "required",
)  # fmt: skip


def questions_changed(study_id: int) -> None:
    """Moves the study's questions revision on: cached questions of it are not used again."""
    Study.objects.filter(pk=study_id).update(questions_revision=F("questions_revision") + 1)


@transaction.atomic
def question_create(*, actor: User, study: Study, **values) -> Question:
    access.require(actor, study, Action.EDIT_STUDY)
    cleaned = _clean_question(study=study, values=values)
    siblings = Question.objects.filter(study=study, stage=cleaned["stage"])
    last = siblings.aggregate(last=Max("position"))["last"]
    questions_changed(study.pk)
    return Question.objects.create(study=study, position=0 if last is None else last + 1, **cleaned)


@transaction.atomic
def question_update(*, actor: User, question: Question, **values) -> Question:
    """Changes a question. Once answered, its kind, options and place stay as they were,
    so earlier answers keep their meaning; the wording may still be improved."""
    access.require(actor, question.study, Action.EDIT_STUDY)
    merged = {name: getattr(question, name) for name in QUESTION_FIELDS} | values
    cleaned = _clean_question(study=question.study, values=merged)
    if question.responses.exists():
        fixed = ("stage", "vignette", "kind", "choices", "scale_min", "scale_max")
        changed = [name for name in fixed if cleaned[name] != getattr(question, name)]
        if changed:
            raise ValidationError(
                {name: "Participants have answered this question: this cannot change now."
                 for name in changed}
            )  # fmt: skip
    for name, value in cleaned.items():
        setattr(question, name, value)
    question.save()
    questions_changed(question.study_id)
    return question


@transaction.atomic
def question_delete(*, actor: User, question: Question) -> None:
    access.require(actor, question.study, Action.EDIT_STUDY)
    if question.responses.exists():
        raise ValidationError("Participants have answered this question: it cannot be deleted.")
    question.delete()
    questions_changed(question.study_id)
