"""The study's tabs: each one names the action its page needs, so a role is shown only
the tabs it may open (the access module decides; this file only says which action)."""

from dataclasses import dataclass

from .access import Action, StudyAccess


@dataclass(frozen=True)
class Tab:
    label: str
    # The pages the tab may lead to, best first, each with the action it needs: the
    # consent tab opens the consent overview for those who manage consent, and the data
    # protection page for everyone else.
    targets: tuple[tuple[Action, str], ...]
    # Names of the routes (or their beginnings) under which this tab is the current one.
    current: tuple[str, ...]


STUDY_TABS: tuple[Tab, ...] = (
    Tab("Overview", ((Action.VIEW_STUDY, "study-dashboard"),), ("study-dashboard", "study-edit")),
    Tab("Recruitment", ((Action.VIEW_STUDY, "recruitment-board"),), ("recruitment-",)),
    Tab("Participants", ((Action.VIEW_STUDY, "participants"),), ("participant",)),
    Tab(
        "Information form",
        ((Action.VIEW_STUDY, "study-attributes"),),
        ("study-attributes", "attribute-"),
    ),
    Tab(
        "Vignettes",
        ((Action.VIEW_STUDY, "vignettes"),),
        ("vignette", "question-", "interview-settings"),
    ),
    Tab("Sessions", ((Action.VIEW_DATA, "sessions"),), ("session", "pause-", "recording-upload")),
    Tab("Answers", ((Action.VIEW_DATA, "responses"),), ("responses", "dyad-answers")),
    Tab("Transcripts", ((Action.VIEW_DATA, "transcripts"),), ("transcript",)),
    Tab("Codebook", ((Action.VIEW_DATA, "codebook"),), ("codebook", "memo", "themes")),
    Tab(
        "Analysis",
        ((Action.ANALYSE, "matrices"),),
        ("matri", "framework", "saturation"),
    ),
    Tab("Export and import", ((Action.EXPORT, "exchange"),), ("exchange", "import-")),
    Tab("Redaction log", ((Action.VIEW_REDACTIONS, "redaction-log"),), ("redaction-log",)),
    Tab("Sample", ((Action.VIEW_DATA, "study-sample"),), ("study-sample",)),
    Tab(
        "Consent",
        ((Action.MANAGE_CONSENT, "consent-overview"), (Action.VIEW_STUDY, "data-protection")),
        ("consent-", "data-protection", "audit-trail"),
    ),
    Tab(
        "Sites and roles", ((Action.VIEW_STUDY, "study-sites"),), ("study-sites", "site-", "role-")
    ),
    Tab("Team", ((Action.VIEW_STUDY, "study-members"),), ("study-members", "member-")),
)


@dataclass(frozen=True)
class ShownTab:
    label: str
    url_name: str
    current: bool


def study_tabs(*, access: StudyAccess, url_name: str) -> list[ShownTab]:
    """The tabs this member may open, each with the page it leads to for their role,
    and which one holds the page they are on (`url_name`, the current route's name)."""
    shown = []
    for tab in STUDY_TABS:
        target = next((name for action, name in tab.targets if access.can(action)), None)
        if target is not None:
            current = url_name.startswith(tab.current)
            shown.append(ShownTab(label=tab.label, url_name=target, current=current))
    return shown
