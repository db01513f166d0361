"""Every operation that changes state in studies: one transaction each, taking the
acting user and asking studies.access first. Pages, the API, management commands and
tasks all come through here.
"""

from .audit import (
    audit_record,
    data_protection_for,
    data_protection_update,
    export_record,
)
from .consent import (
    ConsentRequired,
    ConsentStatus,
    clause_add,
    clause_remove,
    consent_record,
    consent_status,
    consent_statuses,
    document_draft,
    document_publish,
    document_update,
    published_document,
    require_consent,
    scan_open,
)
from .information_form import (
    attribute_create,
    attribute_delete,
    attribute_move,
    attribute_set_groups,
    attribute_update,
    attribute_value_clean,
    attribute_values_save,
)
from .links import LINK_DAYS, link_issue, link_resolve, link_resolve_id, link_revoke
from .queue import deferred_tasks_send, task_enqueue
from .recruitment import (
    contact_read,
    contact_update,
    dyad_create,
    participant_add,
    participant_nominate,
    participant_set_status,
    status_move,
)
from .setup import role_update, site_add, site_remove, site_update
from .teams import (
    api_token_issue,
    api_token_rotate,
    membership_add,
    membership_change_role,
    membership_remove,
    study_create,
    study_update,
)
from .withdrawal import withdrawal_choices, withdrawal_record

__all__ = [
    "ConsentRequired",
    "ConsentStatus",
    "clause_add",
    "clause_remove",
    "consent_record",
    "consent_status",
    "consent_statuses",
    "document_draft",
    "document_publish",
    "document_update",
    "published_document",
    "require_consent",
    "scan_open",
    "api_token_issue",
    "api_token_rotate",
    "audit_record",
    "attribute_create",
    "attribute_delete",
    "attribute_move",
    "attribute_set_groups",
    "attribute_update",
    "attribute_value_clean",
    "attribute_values_save",
    "contact_read",
    "contact_update",
    "data_protection_for",
    "data_protection_update",
    "deferred_tasks_send",
    "dyad_create",
    "export_record",
    "LINK_DAYS",
    "link_issue",
    "link_resolve",
    "link_resolve_id",
    "link_revoke",
    "membership_add",
    "membership_change_role",
    "membership_remove",
    "participant_add",
    "participant_nominate",
    "participant_set_status",
    "role_update",
    "site_add",
    "site_remove",
    "site_update",
    "status_move",
    "study_create",
    "study_update",
    "task_enqueue",
    "withdrawal_choices",
    "withdrawal_record",
]
