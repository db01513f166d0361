"""The study overview: each part of the study in a few figures, what needs someone's
attention, and where to go. Studies gives recruitment and consent; each app above it
may add its parts through its own `overview.overview_sections`, found by name (as the
demo is), so studies never imports the apps that depend on it."""

from dataclasses import dataclass, field

from django.urls import reverse

from . import selectors
from .access import Action, StudyAccess
from .apps_above import modules_above
from .models import ConsentDocument, DocumentKind, DocumentStatus, RecruitmentStatus

# Recruited but not yet interviewed, declined or withdrawn.
UNDERWAY = (
    RecruitmentStatus.IDENTIFIED,
    RecruitmentStatus.APPROACHED,
    RecruitmentStatus.CONSENTED,
    RecruitmentStatus.SCHEDULED,
)


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class OverviewSection:
    title: str
    figures: list[str]  # short sentences with the counts
    attention: list[Link] = field(default_factory=list)  # what someone should look at
    links: list[Link] = field(default_factory=list)


def count_of(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


def attention_to(*items: tuple[int, str, str, str]) -> list[Link]:
    """Links for the counts that are not zero, each (count, noun, the rest, address)."""
    return [Link(f"{count_of(n, noun)} {rest}", url) for n, noun, rest, url in items if n]


def _recruitment(access: StudyAccess, summary: selectors.RecruitmentSummary) -> OverviewSection:
    slug = access.study.slug
    target = f" of {summary.target}" if summary.target else ""
    by_status = {status: sum(counts.values()) for status, counts in summary.counts.items()}
    underway = sum(by_status.get(status, 0) for status in UNDERWAY)
    links = [
        Link("Recruitment board", reverse("recruitment-board", args=[slug])),
        Link("Participants", reverse("participants", args=[slug])),
        Link("Information form", reverse("study-attributes", args=[slug])),
    ]
    if access.can(Action.VIEW_DATA):
        links.append(Link("Sample characteristics", reverse("study-sample", args=[slug])))
    return OverviewSection(
        title="Recruitment",
        figures=[
            f"{count_of(summary.complete_dyads, 'complete dyad')}{target}",
            f"{count_of(len(summary.dyads), 'dyad')} formed, "
            f"{count_of(sum(by_status.values()), 'participant')}",
            f"{underway} on their way to an interview",
        ],
        links=links,
    )


def _consent(access: StudyAccess) -> OverviewSection:
    slug = access.study.slug
    form = (
        ConsentDocument.objects.filter(
            study=access.study, kind=DocumentKind.CONSENT_FORM, status=DocumentStatus.PUBLISHED
        )
        .values_list("version", flat=True)
        .first()
    )
    figures = [f"Consent form version {form} published" if form else "No consent form published"]
    attention = []
    if not access.can(Action.MANAGE_CONSENT):
        links = [Link("Data protection", reverse("data-protection", args=[slug]))]
        return OverviewSection(title="Consent", figures=figures, links=links)
    overview = reverse("consent-overview", args=[slug])
    rows = selectors.consent_overview(access=access)
    consented = [row for row in rows if row.record is not None]
    withdrawn = [row for row in rows if row.participant.status == RecruitmentStatus.WITHDRAWN]
    figures += [
        f"{count_of(len(consented), 'participant')} consented",
        f"{count_of(len(withdrawn), 'participant')} withdrawn",
    ]
    reconsent = sum(row.needs_reconsent for row in rows)
    waiting = sum(
        row.record is None and row.participant.status == RecruitmentStatus.APPROACHED
        for row in rows
    )
    if form is None:
        attention.append(Link("Publish a consent form before anyone can consent", overview))
    attention += attention_to(
        (reconsent, "participant", "to ask to consent again", f"{overview}?state=reconsent"),
        (waiting, "approached participant", "with no consent yet", f"{overview}?state=none"),
    )
    links = [
        Link("Consent overview", overview),
        Link("Audit trail", reverse("audit-trail", args=[slug])),
        Link("Data protection", reverse("data-protection", args=[slug])),
    ]
    return OverviewSection(title="Consent", figures=figures, attention=attention, links=links)


def overview_sections(
    *, access: StudyAccess, summary: selectors.RecruitmentSummary
) -> list[OverviewSection]:
    """The study's parts as this member may see them, in the order of the study's life:
    recruitment, consent, then each later app's (sessions, transcripts, ...)."""
    sections = [_recruitment(access, summary), _consent(access)]
    for module in modules_above("overview"):
        more = getattr(module, "overview_sections", None)
        if more is not None:
            sections += more(access=access)
    return sections
