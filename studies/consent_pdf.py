"""A consent record as a PDF: the participant's own copy (and the team's), readable on a
phone, with the SHA-256 of the snapshot that was agreed, so the copy can be checked
against the record the team keeps.

Drawn with fpdf2 in DejaVu Sans, taken from matplotlib's data folder: the PDF core fonts
hold only Latin-1, and a participant's name may be written in any script DejaVu covers.
"""

from functools import cache
from importlib.resources import files
from pathlib import Path

from django.utils import timezone
from fpdf import FPDF

from .models import ConsentRecord
from .text import xml_safe

MARGIN_MM = 18


@cache
def _fonts() -> dict[str, Path]:
    folder = Path(str(files("matplotlib").joinpath("mpl-data/fonts/ttf")))
    return {"": folder / "DejaVuSans.ttf", "B": folder / "DejaVuSans-Bold.ttf"}


def _text(value: str) -> str:
    # Characters a PDF cannot show (controls) go, as they do from Word and Excel files.
    return xml_safe(value or "").replace("\t", "    ")


def consent_pdf(record: ConsentRecord) -> bytes:
    """The record, its clauses with the answers given, and how it was given."""
    form, sheet = record.consent_form, record.information_sheet
    study = record.participant.study
    pdf = FPDF(format="A4")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM)
    for style, path in _fonts().items():
        pdf.add_font("DejaVu", style, str(path))
    pdf.set_title(_text(f"{form.title} · {study.title}"))
    pdf.set_creator("Vignette Lab")
    pdf.add_page()

    def heading(text: str, size: int = 14) -> None:
        pdf.set_font("DejaVu", "B", size)
        pdf.multi_cell(0, size * 0.55, _text(text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    def paragraph(text: str, size: int = 11, style: str = "") -> None:
        pdf.set_font("DejaVu", style, size)
        pdf.multi_cell(0, size * 0.5, _text(text), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    heading(form.title, 16)
    paragraph(study.title, 12, "B")
    given = timezone.localtime(record.given_at)
    paragraph(
        f"Consent form version {form.version}"
        + (f", information sheet version {sheet.version}" if sheet else "")
        + f". Given {given:%-d %B %Y at %H:%M} ({record.get_method_display().lower()})."
    )
    if form.body:
        paragraph(form.body)
    heading("What was agreed", 13)
    answers = record.answers.select_related("clause").order_by("clause__position", "clause_id")
    for answer in answers:
        mark = "Agreed" if answer.agreed else "Not agreed"
        paragraph(f"{mark}: {answer.clause.text}", 11, "" if answer.agreed else "B")
    heading("Signed", 13)
    paragraph(f"Name: {record.signed_name}")
    if record.witness:
        paragraph(f"Witness: {record.witness}")
    pdf.ln(4)
    paragraph(
        "This copy was made from the consent record the research team keeps. The SHA-256 of "
        f"the form as it was agreed is {record.snapshot_sha256}: the team can check it "
        "against their record.",
        9,
    )
    return bytes(pdf.output())
