"""Deleting data when its retention period ends, counted from the day the study closed."""

import calendar
from datetime import datetime

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from ..erasure import delete_with_files
from ..models import AuditAction, DataProtection, Study
from ..retention import ORDER, PERIOD_FIELDS, RETENTION
from .audit import audit_record


def add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@transaction.atomic
def retention_apply(*, now: datetime | None = None) -> dict[str, dict[str, int]]:
    """Deletes, in every closed study, each kind of data whose retention period has
    ended (audio first) and records it in the audit trail. Safe to run again: what is
    gone stays gone and nothing is counted twice. Returns rows deleted by study slug."""
    now = now or timezone.now()
    report: dict[str, dict[str, int]] = {}
    closed = Study.objects.filter(closed_at__isnull=False).select_related("data_protection")
    for study in closed:
        try:
            policy = study.data_protection
        except DataProtection.DoesNotExist:
            continue
        for kind in ORDER:
            months = getattr(policy, PERIOD_FIELDS[kind])
            if months is None or add_months(study.closed_at, months) > now:
                continue
            deleted = 0
            for label, path in RETENTION[kind]:
                model = apps.get_model(label)
                removed = delete_with_files(model.objects.filter(**{path: study}))
                # Only the kind's own rows count; what cascades with them is part of them.
                deleted += removed.get(model._meta.label, 0)
            if deleted:
                report.setdefault(study.slug, {})[kind] = deleted
                audit_record(
                    study=study, actor=None, action=AuditAction.RETENTION,
                    detail={"kind": kind, "rows": deleted, "months": months},
                )  # fmt: skip
    return report
