"""Control characters (Word's line break U+000B above all, easily pasted) are refused
where a text is a title, name or label, allowed as tabs and line breaks in long texts,
and stripped from everything written into .docx and .xlsx files."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from studies import services
from studies.models import AttributeDefinition, ConsentDocument, Role, Site, Study
from studies.text import check_characters, xml_safe

# Always inside the words: one at either end is whitespace that str.strip() removes.
WORD_BREAK = "\x0b"


def test_xml_safe_drops_only_what_xml_cannot_hold():
    assert (
        xml_safe(f"Risk{WORD_BREAK} and\x00 recovery\ufffe\t\n\r é 😀")
        == "Risk and recovery\t\n\r é 😀"
    )


def test_it_refuses_control_characters_and_line_breaks_in_lines_but_not_in_long_texts():
    check_characters(texts={"body": "One.\n\n\tTwo."})
    with pytest.raises(ValidationError) as refused:
        check_characters(
            lines={"title": f"A{WORD_BREAK}B", "label": "On\ntwo lines", "fine": "Fine"},
            texts={"body": "Bell\x07"},
        )
    messages = refused.value.message_dict
    assert set(messages) == {"title", "label", "body"}
    assert "U+000B, Word's line break" in messages["title"][0]
    assert "one line" in messages["label"][0]
    assert "U+0007" in messages["body"][0]


def _refused(call) -> dict:
    with pytest.raises(ValidationError) as refused:
        call()
    return refused.value.message_dict


def test_it_refuses_a_pasted_line_break_in_study_site_role_and_form_texts(study, lead):
    role = study.roles.get(code="MHW")
    assert "title" in _refused(lambda: services.study_create(creator=lead, title=f"A{WORD_BREAK}B"))
    assert "title" in _refused(
        lambda: services.study_update(actor=lead, study=study, title=f"A{WORD_BREAK}B")
    )
    assert "name" in _refused(
        lambda: services.site_add(actor=lead, study=study, name=f"North{WORD_BREAK}side")
    )
    assert "label" in _refused(
        lambda: services.role_update(actor=lead, role=role, code="MHW", label=f"Work{WORD_BREAK}er")
    )
    assert "label" in _refused(
        lambda: services.attribute_create(
            actor=lead, study=study, label=f"Age{WORD_BREAK}years", kind="number"
        )
    )
    assert "choices" in _refused(
        lambda: services.attribute_create(
            actor=lead,
            study=study,
            label="Gender",
            kind="single",
            choices=["Woman", f"M{WORD_BREAK}an"],
        )  # fmt: skip
    )
    assert Study.objects.count() == 1
    assert not Site.objects.exists() and not AttributeDefinition.objects.exists()
    assert Role.objects.get(pk=role.pk).label == role.label


def test_it_refuses_control_characters_in_consent_documents_but_keeps_their_line_breaks(
    study, lead
):
    draft = services.document_draft(actor=lead, study=study, kind="consent_form")
    assert "title" in _refused(
        lambda: services.document_update(
            actor=lead, document=draft, title=f"Consent{WORD_BREAK}form", body=""
        )
    )
    assert "text" in _refused(
        lambda: services.clause_add(
            actor=lead, document=draft, text=f"I{WORD_BREAK}agree", governs="participation"
        )
    )
    services.document_update(
        actor=lead, document=draft, title="Consent form", body="First.\n\nSecond."
    )
    assert ConsentDocument.objects.get(pk=draft.pk).body == "First.\n\nSecond."
    assert not draft.clauses.exists()


def test_a_pasted_line_break_in_a_title_is_a_form_error_on_the_page(client, lead):
    client.force_login(lead)
    response = client.post(reverse("study-create"), {"title": f"Risk{WORD_BREAK}and recovery"})
    assert response.status_code == 200
    assert "Word&#x27;s line break" in response.content.decode()
    assert not Study.objects.exists()


def test_a_pasted_line_break_in_a_title_is_a_400_by_api(api_as, lead):
    response = api_as(lead).post(
        "/api/v1/studies/", {"title": f"Risk{WORD_BREAK}and recovery"}, format="json"
    )
    assert response.status_code == 400
    assert "U+000B" in response.json()["title"][0]
    assert not Study.objects.exists()


def test_the_sample_workbook_is_written_even_when_stored_labels_hold_control_characters(
    client, study, lead
):
    # As stored before input refused them.
    Study.objects.filter(pk=study.pk).update(title=f"Risk{WORD_BREAK}")
    Role.objects.filter(study=study, code="MHW").update(
        label=f"Worker{WORD_BREAK}", code=f"M{WORD_BREAK}"
    )
    AttributeDefinition.objects.create(
        study=study, label=f"Age\x01{WORD_BREAK}", kind="single", choices=["A\x02", "B"]
    )
    client.force_login(lead)
    response = client.get(reverse("study-sample-download", args=[study.slug, "xlsx"]))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    values = {cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row}
    assert "Worker (M)" in values and "Age" in values and "A" in values
    assert workbook.sheetnames[0] == "M"
