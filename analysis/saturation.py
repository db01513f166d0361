"""Saturation: how many new codes each transcript brought, in the order the
transcripts were first coded, and the running total, so a team sees when new
interviews stop producing new codes.

A transcript's place in the order is the time of its first coded segment. A code
(any node of the codebook) is new in the transcript that holds its first segment in the
study (the earliest by time, then by id). One aggregate statement, the same on SQLite
and PostgreSQL: window functions pick each node's first segment and add up the running
total; Python sees one line per transcript, never a segment.

Transcripts being coded independently are left out, as the matrices leave them out:
their coders must not see each other's codes until the lead reveals them, and this
table is shared by the whole team."""

import datetime
import io
from dataclasses import dataclass

from django.db import connection
from django.utils.dateparse import parse_datetime

from coding.models import CodedSegment, TranscriptCoding
from interviews.models import Transcript
from studies.models import Participant, Study
from studies.spreadsheet import Figure

_SQL = """
WITH seg AS (
    SELECT s.id, s.node_id, s.transcript_id, s.created_at
    FROM {segment} s
    JOIN {transcript} t ON t.id = s.transcript_id
    WHERE t.study_id = %(study)s
      AND NOT EXISTS (SELECT 1 FROM {independent} i
                      WHERE i.transcript_id = t.id AND i.independent)
),
firsts AS (
    SELECT transcript_id,
           ROW_NUMBER() OVER (PARTITION BY node_id ORDER BY created_at, id) AS n
    FROM seg
),
fresh AS (
    SELECT transcript_id, COUNT(*) AS new_codes FROM firsts WHERE n = 1 GROUP BY transcript_id
),
coded AS (
    SELECT transcript_id, MIN(created_at) AS first_at, COUNT(*) AS segments,
           COUNT(DISTINCT node_id) AS codes
    FROM seg GROUP BY transcript_id
)
SELECT coded.transcript_id, p.pseudonym, coded.first_at, coded.segments, coded.codes,
       COALESCE(fresh.new_codes, 0),
       SUM(COALESCE(fresh.new_codes, 0)) OVER (
           ORDER BY coded.first_at, coded.transcript_id
           ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
       )
FROM coded
JOIN {transcript} t ON t.id = coded.transcript_id
JOIN {participant} p ON p.id = t.participant_id
LEFT JOIN fresh ON fresh.transcript_id = coded.transcript_id
ORDER BY coded.first_at, coded.transcript_id
"""


@dataclass(frozen=True)
class Step:
    """One transcript in the order it was first coded."""

    position: int
    transcript_id: int
    pseudonym: str
    first_coded: datetime.datetime
    segments: int
    codes: int  # distinct codes used in it
    new_codes: int  # codes whose first segment in the study is in it
    cumulative: int


def _aware(value) -> datetime.datetime:
    """SQLite hands the minimum back as text; PostgreSQL as a datetime."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value


def saturation_steps(study: Study) -> list[Step]:
    """The study's coded transcripts in the order they were first coded, each with the
    codes it brought that no transcript before had."""
    tables = {
        "segment": CodedSegment._meta.db_table,
        "transcript": Transcript._meta.db_table,
        "participant": Participant._meta.db_table,
        "independent": TranscriptCoding._meta.db_table,
    }
    with connection.cursor() as cursor:
        cursor.execute(_SQL.format(**tables), {"study": study.pk})
        lines = cursor.fetchall()
    return [
        Step(
            position=index,
            transcript_id=pk,
            pseudonym=pseudonym,
            first_coded=_aware(first),
            segments=segments,
            codes=codes,
            new_codes=new,
            cumulative=int(total),
        )  # fmt: skip
        for index, (pk, pseudonym, first, segments, codes, new, total) in enumerate(lines, 1)
    ]


def independent_count(study: Study) -> int:
    """How many of the study's transcripts are being coded independently (left out)."""
    return TranscriptCoding.objects.filter(transcript__study=study, independent=True).count()


def csv_rows(steps: list[Step]) -> list[list]:
    rows: list[list] = [
        ["Order", "Participant", "Transcript", "First coded", "Segments", "Codes used",
         "New codes", "Codes so far"],
    ]  # fmt: skip
    for step in steps:
        rows.append([
            Figure(step.position), step.pseudonym, Figure(step.transcript_id),
            Figure(step.first_coded.isoformat(timespec="seconds")), Figure(step.segments),
            Figure(step.codes), Figure(step.new_codes), Figure(step.cumulative),
        ])  # fmt: skip
    return rows


# --- The chart --------------------------------------------------------------------------

CHART_FORMATS = {"png": "image/png", "svg": "image/svg+xml"}
BAR_COLOUR = "#4e79a7"
LINE_COLOUR = "#9a4a00"


def chart(steps: list[Step], *, title: str, fmt: str) -> bytes:
    """New codes per transcript as bars and the running total as a line, drawn by
    matplotlib on the server (the Agg backend: no display, no JavaScript)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure as Plot

    if fmt not in CHART_FORMATS:
        raise ValueError(f"No chart as {fmt}.")
    width = min(16.0, max(6.0, 0.45 * len(steps) + 2.5))
    plot = Plot(figsize=(width, 4.2), dpi=110)
    axes = plot.subplots()
    positions = [step.position for step in steps]
    axes.bar(positions, [s.new_codes for s in steps], color=BAR_COLOUR, label="New codes")
    axes.plot(
        positions, [s.cumulative for s in steps], color=LINE_COLOUR, marker="o",
        linewidth=2, label="Codes so far",
    )  # fmt: skip
    axes.set_xticks(positions, [s.pseudonym for s in steps], rotation=45, ha="right")
    axes.set_xlabel("Transcripts in the order they were first coded")
    axes.set_ylabel("Codes")
    axes.set_ylim(bottom=0)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(title, loc="left")
    if steps:
        axes.legend(loc="upper left", frameon=False)
    else:
        axes.text(0.5, 0.5, "Nothing coded yet", transform=axes.transAxes, ha="center")
    plot.tight_layout()
    buffer = io.BytesIO()
    # No creation date in the file, so the same data draws the same bytes.
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    plot.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()
