"""Study setup: sites, participant roles and sampling targets."""

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from .. import access
from ..access import Action
from ..models import Participant, Role, Site, Study, User
from ..text import check_characters

ROLE_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,9}$")


def _clean_target(value: int | None) -> int | None:
    if value is not None and value < 0:
        raise ValidationError({"target_dyads": "The target cannot be negative."})
    return value


def _check_site_name(study: Study, name: str, *, exclude: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Give the site a name."})
    taken = Site.objects.filter(study=study, name__iexact=name).exclude(pk=exclude)
    if taken.exists():
        raise ValidationError({"name": "The study already has a site with this name."})
    return name


@transaction.atomic
def site_add(
    *, actor: User, study: Study, name: str, borough: str = "", target_dyads: int | None = None
) -> Site:
    access.require(actor, study, Action.EDIT_STUDY)
    check_characters(lines={"name": name, "borough": borough})
    name = _check_site_name(study, name)
    position = Site.objects.filter(study=study).count()
    return Site.objects.create(
        study=study,
        name=name,
        borough=borough.strip(),
        target_dyads=_clean_target(target_dyads),
        position=position,
    )


@transaction.atomic
def site_update(
    *, actor: User, site: Site, name: str, borough: str = "", target_dyads: int | None = None
) -> Site:
    access.require(actor, site.study, Action.EDIT_STUDY)
    check_characters(lines={"name": name, "borough": borough})
    site.name = _check_site_name(site.study, name, exclude=site.pk)
    site.borough = borough.strip()
    site.target_dyads = _clean_target(target_dyads)
    site.save(update_fields=["name", "borough", "target_dyads"])
    return site


@transaction.atomic
def site_remove(*, actor: User, site: Site) -> None:
    access.require(actor, site.study, Action.EDIT_STUDY)
    if Participant.objects.filter(site=site).exists():
        raise ValidationError(
            "Participants were recruited at this site, so it cannot be removed; rename it instead."
        )
    site.delete()


SUPPORT_TEXT_MAX = 4000


@transaction.atomic
def role_update(
    *, actor: User, role: Role, code: str, label: str, support_text: str | None = None
) -> Role:
    """Renames a participant role, or changes its support contacts. Codes make
    pseudonyms, so the code and name are fixed once anyone has been recruited; support
    contacts may change at any time."""
    access.require(actor, role.study, Action.EDIT_STUDY)
    code = code.strip().upper()
    label = label.strip()
    if (code, label) != (role.code, role.label):
        if Participant.objects.filter(study_id=role.study_id).exists():
            raise ValidationError(
                "Roles cannot change once recruitment has started: pseudonyms already use them."
            )
        if not ROLE_CODE.match(code):
            raise ValidationError(
                {"code": "Use 1 to 10 capital letters or digits, starting with a letter (MHW)."}
            )
        if Role.objects.filter(study_id=role.study_id, code=code).exclude(pk=role.pk).exists():
            raise ValidationError({"code": "Another role of this study has this code."})
        if not label:
            raise ValidationError({"label": "Give the role a name."})
        check_characters(lines={"label": label})
    if support_text is not None:
        support_text = support_text.replace("\r\n", "\n").strip()
        if len(support_text) > SUPPORT_TEXT_MAX:
            raise ValidationError(
                {"support_text": f"Keep support contacts under {SUPPORT_TEXT_MAX:,} characters."}
            )
        check_characters(texts={"support_text": support_text})
        role.support_text = support_text
    role.code, role.label = code, label
    role.save(update_fields=["code", "label", "support_text"])
    return role
