"""The information form: the questions a study asks about each participant, and the
answers. Answers are checked here, so pages and the API share one set of rules."""

import math
import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .. import access
from ..access import Action
from ..models import AttributeDefinition, AttributeKind, AttributeValue, Participant, Role, User
from ..text import check_characters
from .consent import require_consent

TEXT_MAX = 500
CHOICE_MAX = 100
CHOICE_KINDS = (AttributeKind.SINGLE, AttributeKind.MULTIPLE)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _clean_choices(kind: str, choices: list[str]) -> list[str]:
    if kind not in CHOICE_KINDS:
        return []
    cleaned = [str(choice).strip() for choice in choices if str(choice).strip()]
    if len(cleaned) < 2:
        raise ValidationError({"choices": "List at least two options, one per line."})
    if len({choice.casefold() for choice in cleaned}) != len(cleaned):
        raise ValidationError({"choices": "Each option may appear only once."})
    if any(len(choice) > CHOICE_MAX for choice in cleaned):
        raise ValidationError({"choices": f"Keep each option under {CHOICE_MAX} characters."})
    return cleaned


def _clean_definition(
    *, study, label: str, help_text: str, kind: str, role: Role | None, choices, min_value,
    max_value, exclude=None,
) -> dict:  # fmt: skip
    label = label.strip()
    if not label:
        raise ValidationError({"label": "Give the question a label."})
    check_characters(
        lines={"label": label, "help_text": help_text, "choices": "".join(map(str, choices or []))}
    )
    same_label = AttributeDefinition.objects.filter(study=study, label__iexact=label)
    if same_label.exclude(pk=exclude).exists():
        raise ValidationError({"label": "The form already has a question with this label."})
    if kind not in AttributeKind.values:
        raise ValidationError({"kind": "Choose one of the listed kinds."})
    if role is not None and role.study_id != study.pk:
        raise ValidationError({"role": "Choose a role of this study."})
    if kind != AttributeKind.NUMBER:
        min_value = max_value = None
    if min_value is not None and max_value is not None and min_value > max_value:
        raise ValidationError({"max_value": "The highest value must not be below the lowest."})
    return {
        "label": label,
        "kind": kind,
        "role": role,
        "choices": _clean_choices(kind, choices or []),
        "min_value": min_value,
        "max_value": max_value,
    }


@transaction.atomic
def attribute_create(
    *,
    actor: User,
    study,
    label: str,
    kind: str,
    required: bool = False,
    role: Role | None = None,
    choices: list[str] | None = None,
    min_value: float | None = None,
    max_value: float | None = None,
    help_text: str = "",
) -> AttributeDefinition:
    access.require(actor, study, Action.EDIT_STUDY)
    fields = _clean_definition(
        study=study, label=label, help_text=help_text, kind=kind, role=role, choices=choices,
        min_value=min_value, max_value=max_value,
    )  # fmt: skip
    position = AttributeDefinition.objects.filter(study=study).count()
    return AttributeDefinition.objects.create(
        study=study, required=required, help_text=help_text.strip(), position=position, **fields
    )


@transaction.atomic
def attribute_update(
    *,
    actor: User,
    attribute: AttributeDefinition,
    label: str,
    kind: str,
    required: bool = False,
    role: Role | None = None,
    choices: list[str] | None = None,
    min_value: float | None = None,
    max_value: float | None = None,
    help_text: str = "",
    position: int | None = None,
) -> AttributeDefinition:
    """Changes a question. Once answered, its kind is fixed and options in use stay."""
    access.require(actor, attribute.study, Action.EDIT_STUDY)
    fields = _clean_definition(
        study=attribute.study, label=label, help_text=help_text, kind=kind, role=role,
        choices=choices, min_value=min_value, max_value=max_value, exclude=attribute.pk,
    )  # fmt: skip
    answers = list(
        AttributeValue.objects.filter(attribute=attribute).values_list("value", flat=True)
    )
    if answers and kind != attribute.kind:
        raise ValidationError({"kind": "People have answered this question: its kind is fixed."})
    if answers and kind in CHOICE_KINDS:
        used = {v for answer in answers for v in (answer if isinstance(answer, list) else [answer])}
        dropped = sorted(used - set(fields["choices"]))
        if dropped:
            in_use = ", ".join(dropped)
            raise ValidationError({"choices": f"Options given as answers must stay: {in_use}."})
    for field, value in fields.items():
        setattr(attribute, field, value)
    attribute.required = required
    attribute.help_text = help_text.strip()
    if position is not None:
        attribute.position = position
    attribute.save()
    return attribute


@transaction.atomic
def attribute_delete(*, actor: User, attribute: AttributeDefinition) -> None:
    """Removes a question and every answer to it."""
    access.require(actor, attribute.study, Action.EDIT_STUDY)
    attribute.delete()


def _number(value, field: str) -> float:
    if isinstance(value, bool):  # JSON true would otherwise count as 1
        raise ValidationError({field: "Enter a number."})
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError({field: "Enter a number."}) from None
    if not math.isfinite(number):
        raise ValidationError({field: "Enter a number."})
    return number


@transaction.atomic
def attribute_set_groups(*, actor: User, attribute: AttributeDefinition, groups: list) -> None:
    """Sets how sample tables group answers: bands of numbers, or merged options."""
    access.require(actor, attribute.study, Action.EDIT_STUDY)
    cleaned = []
    for group in groups:
        if not isinstance(group, list | tuple) or not group or not isinstance(group[0], str):
            raise ValidationError({"groups": "Each group starts with its label, as text."})
    if attribute.kind == AttributeKind.NUMBER:
        for label, low, high in groups:
            low = None if low in (None, "") else _number(low, "groups")
            high = None if high in (None, "") else _number(high, "groups")
            if low is not None and high is not None and low > high:
                raise ValidationError(
                    {"groups": f"In “{label}” the lowest value is above the highest."}
                )
            cleaned.append([str(label).strip(), low, high])
    elif attribute.kind in CHOICE_KINDS:
        seen: set[str] = set()
        for label, options in groups:
            if not isinstance(options, list | tuple):
                raise ValidationError({"groups": f"List the options of “{label}”."})
            unknown = [option for option in options if option not in attribute.choices]
            if unknown:
                raise ValidationError(
                    {"groups": f"Not an option of this question: {', '.join(unknown)}."}
                )
            twice = seen.intersection(options)
            if twice:
                raise ValidationError(
                    {"groups": f"An option can be in one group only: {', '.join(sorted(twice))}."}
                )
            seen.update(options)
            cleaned.append([str(label).strip(), list(options)])
    elif groups:
        raise ValidationError({"groups": "Only numbers and choices can be grouped."})
    if any(not group[0] for group in cleaned):
        raise ValidationError({"groups": "Give every group a label."})
    check_characters(lines={"groups": "".join(group[0] for group in cleaned)})
    attribute.groups = cleaned
    attribute.save(update_fields=["groups"])


def attribute_value_clean(attribute: AttributeDefinition, raw):
    """The stored form of an answer (None when it is empty), or a ValidationError in the
    words a participant or researcher would understand."""
    if raw is None or raw == "" or raw == []:
        return None
    kind = attribute.kind
    if kind == AttributeKind.TEXT:
        if not isinstance(raw, str | int | float) or isinstance(raw, bool):
            raise ValidationError("Enter text.")
        text = str(raw).strip()
        if len(text) > TEXT_MAX:
            raise ValidationError(f"Keep this under {TEXT_MAX} characters.")
        return text or None
    if kind == AttributeKind.NUMBER:
        number = _number(raw, "value")
        if attribute.min_value is not None and number < attribute.min_value:
            raise ValidationError(f"Enter {attribute.min_value:g} or more.")
        if attribute.max_value is not None and number > attribute.max_value:
            raise ValidationError(f"Enter {attribute.max_value:g} or less.")
        return int(number) if number.is_integer() else number
    if kind == AttributeKind.SINGLE:
        if not isinstance(raw, str) or raw not in attribute.choices:
            raise ValidationError("Choose one of the listed options.")
        return raw
    if kind == AttributeKind.MULTIPLE:
        if not isinstance(raw, list | tuple):
            raise ValidationError("Choose from the listed options (a list of them).")
        picked = list(raw)
        if any(not isinstance(option, str) or option not in attribute.choices for option in picked):
            raise ValidationError("Choose only from the listed options.")
        return [option for option in attribute.choices if option in picked]
    if kind == AttributeKind.DATE:
        if isinstance(raw, date):
            return raw.isoformat()
        if not isinstance(raw, str) or not ISO_DATE.match(raw):
            raise ValidationError("Enter a date as YYYY-MM-DD.")
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise ValidationError("Enter a date as YYYY-MM-DD.") from None
        return day.isoformat()
    raise ValidationError("This question has an unknown kind.")


def attribute_field_name(attribute: AttributeDefinition) -> str:
    return f"attribute_{attribute.pk}"


@transaction.atomic
def attribute_values_save(*, actor: User | None, participant: Participant, answers: dict) -> None:
    """Saves a participant's information form: `answers` maps attribute ids to raw values.
    `actor` is None when participants fill it in themselves, through their own link.

    All or nothing: if any answer is wrong, nothing is saved and every problem is
    reported, keyed by form field name (attribute_<id>).
    """
    if actor is not None:
        access.require(actor, participant.study, Action.RECRUIT)
    # Nothing is collected about a person without their current consent.
    require_consent(participant)
    questions = [
        attribute
        for attribute in AttributeDefinition.objects.filter(study_id=participant.study_id)
        if attribute.asked_of(participant.role)
    ]
    by_id = {attribute.pk: attribute for attribute in questions}
    unknown = [key for key in answers if int(key) not in by_id]
    if unknown:
        raise ValidationError(
            f"Not a question for this participant: {', '.join(map(str, unknown))}."
        )
    errors, cleaned = {}, {}
    for attribute in questions:
        if attribute.pk not in {int(key) for key in answers}:
            continue
        raw = answers.get(attribute.pk, answers.get(str(attribute.pk)))
        try:
            value = attribute_value_clean(attribute, raw)
        except ValidationError as error:
            errors[attribute_field_name(attribute)] = error.messages
            continue
        if value is None and attribute.required:
            errors[attribute_field_name(attribute)] = ["This question needs an answer."]
        cleaned[attribute.pk] = value
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    for attribute_id, value in cleaned.items():
        if value is None:
            AttributeValue.objects.filter(
                participant=participant, attribute_id=attribute_id
            ).delete()
        else:
            AttributeValue.objects.update_or_create(
                participant=participant,
                attribute_id=attribute_id,
                defaults={"value": value, "updated_at": now, "updated_by": actor},
            )


@transaction.atomic
def attribute_move(*, actor: User, attribute: AttributeDefinition, offset: int) -> None:
    """Moves a question up (offset -1) or down (+1) the form, renumbering the rest."""
    access.require(actor, attribute.study, Action.EDIT_STUDY)
    questions = list(
        AttributeDefinition.objects.select_for_update().filter(study_id=attribute.study_id)
    )
    index = next(i for i, question in enumerate(questions) if question.pk == attribute.pk)
    target = min(max(index + offset, 0), len(questions) - 1)
    questions.insert(target, questions.pop(index))
    for position, question in enumerate(questions):
        if question.position != position:
            question.position = position
            question.save(update_fields=["position"])
