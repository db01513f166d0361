"""CSV downloads that spreadsheet programs cannot turn into formulas."""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse

# A cell starting with one of these is read as a formula by Excel, LibreOffice and
# Google Sheets ("CSV injection"); a leading apostrophe makes it plain text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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
