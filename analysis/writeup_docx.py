"""What the write-up's Word files share: a document opened with the study's title, the
report's name and the date, text made safe for XML, and the bytes of the file.

Names, definitions and quotes are people's words and may hold control characters
pasted from elsewhere, which python-docx refuses; every string goes through `safe`."""

import io

from django.utils import timezone
from docx import Document
from docx.document import Document as DocumentType

from studies.models import Study
from studies.text import xml_safe


def safe(text) -> str:
    """Text for a Word or Excel file (a lazy label too) without what XML cannot hold."""
    return xml_safe(str(text or ""))


def today() -> str:
    day = timezone.localdate()
    return f"{day.day} {day:%B %Y}"


def document_start(study: Study, report: str) -> DocumentType:
    """A document headed by the study's title, then the report's name and today's date."""
    document = Document()
    document.core_properties.title = safe(f"{study.title}: {report}")[:250]
    document.add_paragraph(safe(study.title), style="Title")
    document.add_paragraph(f"{report} · {today()}", style="Subtitle")
    return document


def document_bytes(document: DocumentType) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
