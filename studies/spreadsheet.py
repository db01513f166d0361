"""CSV downloads that spreadsheet programs cannot turn into formulas."""

import csv
import io
import re
from collections.abc import Iterable

from django.http import HttpResponse

# A cell starting with one of these is read as a formula by Excel, LibreOffice and
# Google Sheets ("CSV injection"); a leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain negative number such as -3.5 is data, not a formula: it is left alone.
PLAIN_NUMBER = re.compile(r"^-\d+(\.\d+)?$")


class Figure(str):
    """Text the platform computed from data (a count, a mean and SD, a range), as opposed
    to text a person wrote. Nothing in it can have come from a person, so it is written
    as it is: neutralising "-2.4 (3.8)" would print an apostrophe in a paper's table."""


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    if isinstance(value, Figure | int | float):
        return text
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def csv_text(rows: Iterable[Iterable]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue()


def csv_response(rows: Iterable[Iterable], filename: str) -> HttpResponse:
    # A byte-order mark lets Excel open UTF-8 files with accents intact.
    response = HttpResponse("\ufeff" + csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
