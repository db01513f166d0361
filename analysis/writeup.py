"""Write-up exports, made by exchange jobs (analysis.services_exchange): the quotes
report (.docx), the thematic development table (.docx and .xlsx) and the analysis pack
(.zip). Each builder takes the job and a `progress(percent, step)` writer, returns
`(filename, bytes)`, and raises `Refused` with a message when the job's options cannot
be met (nothing is made then).

Options (`job.options`), checked here whatever the page or the API sent:

- quotes: `{"nodes": [node ids], "below": true, "roles": [role ids],
  "order": "role"}`. `nodes` is required: one or more nodes of the job's study.
  `below` (default true) adds every node under each chosen one, each under its own
  heading nested beneath it. `roles` (default [], meaning every role) keeps the quotes
  of those roles only. `order` is "role" (default: the study's role order, workers
  before service users, then participant number and place in the text) or
  "transcript" (transcripts in the order they were made, each in text order).
- themes_docx, themes_xlsx: `{}` (the whole codebook).
- pack: `{"query": matrix query id or null, "measure": a measure or absent}`. The
  query must be a matrix query (nodes by an attribute) of the study; `measure`
  (default: the query's own) is one of analysis.models.Measure, and needs a query.

What the quotes report holds. An export is of the study's data, made by someone who
may export it (leads and researchers), so every coder's segments are quoted, those of
transcripts coded independently too. Only participants whose consent allows quotation
appear (coding.quotes' rule: a valid consent, not withdrawn, every quotation clause
agreed); the quotes left out are counted under each theme and in all, without saying
whose they are. The same passage coded with one node by two coders is quoted once.
"""

from django.utils import timezone

from .models import ExchangeJob, Measure
from .services_exchange import Progress, Refused
from .writeup_pack import pack_zip
from .writeup_quotes import QuoteChoices, quotes_docx
from .writeup_themes import theme_table, themes_docx, themes_xlsx

ORDERS = ("role", "transcript")
_KEYS = {
    "quotes": {"nodes", "below", "roles", "order"},
    "themes": set(),
    "pack": {"query", "measure"},
}


def _options(job: ExchangeJob, kind: str) -> dict:
    options = job.options if job.options is not None else {}
    if not isinstance(options, dict):
        raise Refused("The options were not understood: they should be a JSON object.")
    unknown = sorted(set(options) - _KEYS[kind])
    if unknown:
        allowed = ", ".join(sorted(_KEYS[kind])) or "none"
        raise Refused(f"Unknown options: {', '.join(unknown)} (this export takes: {allowed}).")
    return options


def _ids(value, what: str) -> list[int]:
    """A list of ids, as JSON numbers or digit strings (a form sends those)."""
    if not isinstance(value, list):
        raise Refused(f"The {what} should be a list of ids.")
    ids = []
    for item in value:
        if isinstance(item, bool) or not (
            isinstance(item, int) or (isinstance(item, str) and item.isdigit())
        ):
            raise Refused(f"The {what} should be a list of ids: “{str(item)[:40]}” is not one.")
        ids.append(int(item))
    return list(dict.fromkeys(ids))


def _flag(options: dict, key: str, default: bool) -> bool:
    value = options.get(key, default)
    if not isinstance(value, bool):
        raise Refused(f"“{key}” should be true or false.")
    return value


def quote_choices(job: ExchangeJob) -> QuoteChoices:
    """The quotes report's options, checked against the job's study."""
    options = _options(job, "quotes")
    nodes = _ids(options.get("nodes", []), "themes to quote")
    if not nodes:
        raise Refused("Choose at least one theme or code to quote.")
    order = options.get("order", "role")
    if order not in ORDERS:
        raise Refused("Order the quotes by “role” or by “transcript”.")
    return QuoteChoices(
        node_ids=nodes,
        below=_flag(options, "below", True),
        role_ids=_ids(options.get("roles", []), "roles"),
        order=order,
    )


def _stamp(study_slug: str, name: str, extension: str) -> str:
    return f"{study_slug}-{name}-{timezone.localdate():%Y-%m-%d}.{extension}"


def quotes_build(job: ExchangeJob, progress: Progress) -> tuple[str, bytes]:
    choices = quote_choices(job)
    body = quotes_docx(job.study, choices, progress)
    return _stamp(job.study.slug, "quotes", "docx"), body


def themes_docx_build(job: ExchangeJob, progress: Progress) -> tuple[str, bytes]:
    _options(job, "themes")
    progress(10, "Counting the codebook")
    body = themes_docx(job.study, theme_table(job.study))
    return _stamp(job.study.slug, "thematic-table", "docx"), body


def themes_xlsx_build(job: ExchangeJob, progress: Progress) -> tuple[str, bytes]:
    _options(job, "themes")
    progress(10, "Counting the codebook")
    body = themes_xlsx(job.study, theme_table(job.study))
    return _stamp(job.study.slug, "thematic-table", "xlsx"), body


def pack_build(job: ExchangeJob, progress: Progress) -> tuple[str, bytes]:
    options = _options(job, "pack")
    query = options.get("query")
    if query is not None:
        query = _ids([query], "matrix query")[0]
    measure = options.get("measure")
    if measure is not None:
        if query is None:
            raise Refused("A measure is for a matrix: choose the matrix query too.")
        if measure not in Measure.values:
            raise Refused(f"Choose a measure of: {', '.join(Measure.values)}.")
    body = pack_zip(job, query_id=query, measure=measure, progress=progress)
    return _stamp(job.study.slug, "analysis-pack", "zip"), body
