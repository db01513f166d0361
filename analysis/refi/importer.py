"""Importing a REFI-QDA project (.qdpx) or codebook (.qdc) made by another tool (NVivo,
ATLAS.ti, MAXQDA, QualCoder, Taguette) into a new study or an existing one.

An import is one `ExchangeJob` run twice (`analysis.services_exchange`):
`import_read(job, progress)` reads and checks the file and returns the **report** shown
as a preview; once the researcher confirms with their **choices**,
`import_load(job, progress)` creates everything inside the job's transaction and returns
`(study, report)`. A file or choice that cannot be imported raises
`services_exchange.Refused` with a message naming the problem; nothing is created.

Reading (`read.py`): not a zip or XML, no `*.qde`, a member path escaping the archive,
entities or a DOCTYPE in the XML, more than `read.MAX_UNPACKED_BYTES` unpacked (counted
while unpacking, not trusted from the zip's directory), a source over
`read.MAX_SOURCE_BYTES`, a missing source file, a wrong root element or namespace, a
selection outside its text: each refused.

**The report** (JSON), for the preview page and API:

    {
      "format": "project" | "codebook",
      "title": "the project's name",
      "counts": {"users", "codes", "variables", "cases", "sources", "selections",
                 "codings", "notes", "sets": int},
      "users": [{"guid", "name", "member": "username" | null}],
                 # a user who is not a member who codes: their coding is the importer's
      "codes": [{"guid", "path": ["Top", "Child"], "colour": "#rrggbb" | null,
                 "by_guid": node id | null, "by_name": node id | null}],
                 # in an existing study, the node each code merges with under either choice
      "merge": {"guid": {"create": n, "match": n}, "name": {"create": n, "match": n}},
      "variables": [{"guid", "name", "type": "Text"|"Boolean"|"Integer"|"Float"|"Date"|
                     "DateTime", "kind": the attribute kind it becomes,
                     "examples": [up to 5 values], "values": how many people have one,
                     "builtin": bool}],  # Role, Site or Dyad of a Vignette Lab export
      "role_variable": GUID of the variable that looks like the role | null,
      "roles": [{"code", "label"}],  # the study's roles (a new study's defaults)
      "cases": [{"guid", "name", "sources": n}],
      "sources": [{"guid", "name", "characters", "selections", "case": case GUID | null,
                   "reading": how its offsets were counted}],
      "discarded": ["what will not be imported, and why", ...],  # known before loading
      "became": ["what the platform's own Role, Site and Dyad become", ...],
      "adjusted": ["what is read other than as written", ...],
      "choices": {the choices below with their defaults},
      "needs_consent": bool,  # participants will be created
    }

**The choices** (`job.options["choices"]`):

    {
      "title": "the new study's title",          # new study only; default the project's
      "merge": "guid" | "name",                  # existing study; default "guid": a code
                                                 # matches a node by GUID, else by name
                                                 # under the same parent; "name": by name
      "role_variable": variable GUID | null,     # whose value is each case's role
      "default_role": role code | null,          # role of cases the file does not say
                                                 # (null: a role "P", Participant)
      "consent_confirmed": true,                 # required when needs_consent: the
                                                 # researcher states the people gave consent
      "consent_date": "YYYY-MM-DD",              # when they did; required with it
      "quotation_agreed": false,                 # they agreed to be quoted (not assumed)
    }

`choices_clean(choices, report=, study=)` checks them (a ValidationError keyed by
choice), so the confirm page and API can refuse bad choices before queuing the job.

After loading, the job's report is `{"created": {"nodes", "nodes_matched", "attributes",
"participants", "consents", "transcripts", "segments", "memos", "values", "sites",
"dyads": int}, "discarded": [...], "adjusted": [...], "became": [...], "study": slug}`.
Its `discarded` is the preview's (`plan.Plan.left_out`, everything that can be known
from the file and the study) and what only writing showed (a value an existing question
refuses, a dyad the study's rules refuse).

Decisions: each case becomes a participant (a pseudonym-like name such as SU3 kept when
free, otherwise the role's next), each source without a case a participant of its own,
and every new participant gets a consent record of method "imported" to the study's
published consent form (a study without one gets one published, saying that consent was
taken outside the platform); transcripts then pass the consent gate as usual and are
marked ready for coding. Selections without codings (annotations) become memos on their
transcript when they carry a description or note, and are listed as discarded
otherwise. Links, graphs, non-text sources and sets are listed as discarded, but for
sets of codes named after a node kind ("Categories") and a Vignette Lab export's
"Role: ...", "Site: ..." and "Dyad: ..." sets; its Site and Dyad variables (or those
sets) become the study's sites, each participant's site and dyads (see `plan`).
"""

from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from analysis.models import ExchangeJob
from analysis.services_exchange import Progress, Refused
from studies import access
from studies.access import Action
from studies.models import DocumentKind, Study, User
from studies.services import published_document, study_create
from studies.services.teams import DEFAULT_ROLES

from . import load, read
from .plan import Plan

ROLE_NAMES = ("role", "type", "group", "participant", "category")


def _package(job: ExchangeJob) -> read.Package:
    if not job.upload:
        raise Refused("The uploaded file is no longer here: upload it again.")
    with job.upload.open("rb") as stored:
        data = stored.read()
    try:
        return read.read_package(data)
    except read.ReadRefused as refusal:
        raise Refused(str(refusal)) from None


def import_read(job: ExchangeJob, progress: Progress) -> dict:
    progress(5, "Opening the file")
    package = _package(job)
    progress(70, "Checking what will be created")
    return report_build(package, job.study)


# --- The report -----------------------------------------------------------------------------


def _roles(study: Study | None) -> list[dict]:
    if study is None:
        return [{"code": code, "label": label} for code, label, _ in DEFAULT_ROLES]
    return [{"code": role.code, "label": role.label} for role in study.roles.all()]


def _role_variable(package: read.Package, roles: list[dict]) -> str | None:
    """The variable most of whose values name a role (code or label), else the first
    whose name says role, type or group."""
    names = {role[key].casefold() for role in roles for key in ("code", "label")}
    best, most = None, 0
    holders = (*package.cases, *package.sources)
    for variable in package.variables:
        hits = sum(
            1 for holder in holders if str(holder.values.get(variable.guid, "")).casefold() in names
        )
        if hits > most:
            best, most = variable.guid, hits
    if best is not None:
        return best
    for variable in package.variables:
        if variable.type == "Text" and any(word in variable.name.casefold() for word in ROLE_NAMES):
            return variable.guid
    return None


def report_build(package: read.Package, study: Study | None) -> dict:
    plan = Plan(package, study)
    selections = [selection for source in package.sources for selection in source.selections]
    members = load.user_matches(study, package.users) if study is not None else {}
    matches = load.code_matches(study, package) if study is not None else {}
    codes = package.all_codes()
    empty = {"by_guid": None, "by_name": None}
    merge = {}
    for how in ("guid", "name"):
        matched = sum(
            1
            for code in codes
            if (matches.get(code.guid, empty)["by_guid"] if how == "guid" else None)
            or matches.get(code.guid, empty)["by_name"]
        )
        merge[how] = {"create": len(codes) - matched, "match": matched}
    examples = read.variable_examples(package)
    holders = (*package.cases, *package.sources)
    roles = _roles(study)
    case_of = {guid: case.guid for case in package.cases for guid in case.sources}
    role_variable = _role_variable(package, roles)
    needs_consent = bool(package.cases or package.sources)
    return {
        "format": package.format,
        "title": package.title,
        "counts": {
            "users": len(package.users),
            "codes": len(codes),
            "variables": len(package.variables),
            "cases": len(package.cases),
            "sources": len(package.sources),
            "selections": len(selections),
            "codings": sum(len(selection.codings) for selection in selections),
            "notes": len(package.notes),
            "sets": len(package.sets),
        },  # fmt: skip
        "users": [
            {
                "guid": guid,
                "name": name,
                "member": members[guid].username if guid in members else None,
            }
            for guid, name in package.users.items()
        ],
        "codes": [
            {
                "guid": code.guid,
                "path": list(code.path),
                "colour": code.colour,
                **matches.get(code.guid, empty),
            }
            for code in codes
        ],  # fmt: skip
        "merge": merge,
        "variables": [
            {
                "guid": variable.guid,
                "name": variable.name,
                "type": variable.type,
                "kind": load.Loader.ATTRIBUTE_KINDS[variable.type],
                "builtin": variable.guid in plan.builtin.values(),
                "examples": examples.get(variable.guid, []),
                "values": sum(1 for holder in holders if variable.guid in holder.values),
            }
            for variable in package.variables
        ],  # fmt: skip
        "role_variable": role_variable,
        "roles": roles,
        "cases": [
            {"guid": case.guid, "name": case.name, "sources": len(case.sources)}
            for case in package.cases
        ],
        "sources": [
            {
                "guid": source.guid,
                "name": source.name,
                "characters": len(source.text),
                "selections": len(source.selections),
                "case": case_of.get(source.guid),
                "reading": source.reading,
            }
            for source in package.sources
        ],  # fmt: skip
        "discarded": plan.left_out,
        "became": plan.became,
        "adjusted": package.adjusted,
        "needs_consent": needs_consent,
        "choices": {
            "title": package.title or "Imported project",
            "merge": "guid",
            "role_variable": role_variable,
            "default_role": None,
            "consent_confirmed": False,
            "consent_date": None,
            "quotation_agreed": False,
        },  # fmt: skip
    }


# --- The choices ------------------------------------------------------------------------------


def choices_clean(choices: dict, *, report: dict, study: Study | None) -> dict:
    """The researcher's choices checked against the report: a ValidationError keyed by
    choice, or the cleaned choices (with `consent_at`, the consent date as a datetime)."""
    if not isinstance(choices, dict):
        raise ValidationError("Send the choices as an object.")
    errors: dict[str, str] = {}
    cleaned: dict = {
        "merge": choices.get("merge") or "guid",
        "quotation_agreed": choices.get("quotation_agreed") is True,
        "title": " ".join(str(choices.get("title") or report.get("title") or "").split())
        or "Imported project",
    }
    if cleaned["merge"] not in ("guid", "name"):
        errors["merge"] = "Merge the codebook by “guid” or by “name”."
    if len(cleaned["title"]) > 200:
        errors["title"] = "A study's title is at most 200 characters."
    variables = {variable["guid"] for variable in report.get("variables", [])}
    role_variable = (
        read.normal_guid(choices.get("role_variable")) if choices.get("role_variable") else None
    )
    if choices.get("role_variable") and role_variable not in variables:
        errors["role_variable"] = "Choose one of the file's variables, or none."
    cleaned["role_variable"] = role_variable
    codes = {role["code"].casefold(): role["code"] for role in _roles(study)}
    default = choices.get("default_role")
    if default and str(default).casefold() not in codes:
        errors["default_role"] = (
            "Choose one of the study's roles: " + ", ".join(codes.values()) + "."
        )
    cleaned["default_role"] = codes.get(str(default).casefold()) if default else None
    cleaned["consent_at"] = None
    if report.get("needs_consent"):
        if choices.get("consent_confirmed") is not True:
            errors["consent_confirmed"] = (
                "Confirm that the people in this file gave their consent to take part: we "
                "record it for each of them, as taken outside the platform."
            )
        try:
            day = date.fromisoformat(str(choices.get("consent_date") or ""))
        except ValueError:
            errors["consent_date"] = "Give the date consent was given, as YYYY-MM-DD."
        else:
            if day > timezone.localdate():
                errors["consent_date"] = "Consent cannot be dated in the future."
            cleaned["consent_at"] = timezone.make_aware(datetime.combine(day, time(12)))
            cleaned["consent_at"] = min(cleaned["consent_at"], timezone.now())
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_roles(package: read.Package, choices: dict, study: Study) -> None:
    """In an existing study every value of the role variable must name one of its roles."""
    variable = choices.get("role_variable")
    if not variable:
        return
    names = {name.casefold() for role in study.roles.all() for name in (role.code, role.label)}
    values = {
        str(holder.values[variable]).strip()
        for holder in (*package.cases, *package.sources)
        if str(holder.values.get(variable, "")).strip()
    }
    unknown = sorted(value for value in values if value.casefold() not in names)
    if unknown:
        roles = ", ".join(role.code for role in study.roles.all())
        raise Refused(
            f"The role values {', '.join(unknown)} match no role of this study ({roles}). Add "
            "those roles to the study first, or choose another variable for the role."
        )


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return " ".join(
                f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
            )
        return " ".join(error.messages)
    return str(error) or "You may not import into this study."


def import_load(job: ExchangeJob, progress: Progress) -> tuple[Study, dict]:
    """Creates everything the file holds; runs inside the job's transaction."""
    package = _package(job)
    actor: User = job.created_by
    try:
        choices = choices_clean(
            job.options.get("choices") or {}, report=job.report, study=job.study
        )
    except ValidationError as error:
        raise Refused(_message(error)) from None
    study = job.study
    try:
        if study is None:
            study = study_create(creator=actor, title=choices["title"])
        else:
            for action in (Action.RECRUIT, Action.TRANSCRIBE, Action.CODE):
                access.require(actor, study, action)
            _check_roles(package, choices, study)
            if package.variables and not _can(actor, study, Action.EDIT_STUDY):
                raise Refused("Only a lead or researcher can import variables into a study.")
            if report_needs_form(job.report, study) and not _can(
                actor, study, Action.MANAGE_CONSENT
            ):
                raise Refused(
                    "This study has no published consent form to record the participants' "
                    "consent against. Ask a lead to publish one, or to import the file."
                )
        loader = load.Loader(
            study=study, actor=actor, plan=Plan(package, study), choices=choices,
            progress=progress,
        )  # fmt: skip
        created = loader.run()
    except (ValidationError, PermissionDenied, Http404) as error:
        raise Refused(f"The import stopped: {_message(error)}") from None
    return study, {
        "created": created, "discarded": loader.discarded, "adjusted": package.adjusted,
        "became": loader.plan.became, "study": study.slug,
    }  # fmt: skip


def _can(actor: User, study: Study, action: Action) -> bool:
    return access.StudyAccess(study, access.role_in(actor, study) or "").can(action)


def report_needs_form(report: dict, study: Study) -> bool:
    """Participants will be created in a study without a published consent form: one is
    published, which only a lead may do."""
    return (
        bool(report.get("needs_consent"))
        and published_document(study, DocumentKind.CONSENT_FORM) is None
    )
