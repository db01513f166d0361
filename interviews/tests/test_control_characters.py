"""Word's own line break (U+000B) and other control characters: refused in vignette
titles and question prompts, and stripped from every Word export."""

import io

import docx
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from interviews import services
from interviews.models import Question, VignetteVersion
from studies.models import Study

# Inside the words: one at either end is whitespace that str.strip() removes anyway.
WORD_BREAK = "\x0b"


def test_it_refuses_a_pasted_line_break_in_a_vignette_title_but_not_in_its_text(study, lead):
    with pytest.raises(ValidationError) as refused:
        services.vignette_create(
            actor=lead, study=study, title=f"The{WORD_BREAK}visit", text="Words."
        )
    assert "U+000B" in refused.value.message_dict["title"][0]
    services.vignette_create(actor=lead, study=study, title="The visit", text="One.\n\nTwo.")
    assert list(VignetteVersion.objects.values_list("title", flat=True)) == ["The visit"]


def test_a_pasted_line_break_in_a_question_is_a_400_by_api(api_as, study, lead):
    base = f"/api/v1/studies/{study.slug}/questions/"
    response = api_as(lead).post(base, {"prompt": f"What{WORD_BREAK}next?"}, format="json")
    assert response.status_code == 400
    assert "U+000B" in response.json()["prompt"][0]
    response = api_as(lead).post(
        base, {"prompt": "What next?", "help_text": f"Say{WORD_BREAK}more"}, format="json"
    )
    assert response.status_code == 400 and "help_text" in response.json()
    assert not Question.objects.exists()


@pytest.fixture
def transcript(lead, consented_worker):
    return services.transcript_create(
        actor=lead, participant=consented_worker, source="txt",
        turns=[services.Turn("Interviewer", "Who came?"), services.Turn("MHW1", "My sister.")],
    )  # fmt: skip


def test_the_word_export_works_when_the_stored_study_title_holds_control_characters(
    client, study, lead, transcript
):
    # As stored before titles refused them: this made every .docx export a 500.
    Study.objects.filter(pk=study.pk).update(title=f"Risk{WORD_BREAK}and\x01 recovery")
    client.force_login(lead)
    response = client.get(reverse("transcript-export", args=[study.slug, transcript.pk, "docx"]))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    assert document.core_properties.subject == "Riskand recovery"
    assert [p.text for p in document.paragraphs][1:] == [
        "Interviewer: Who came?",
        "MHW1: My sister.",
    ]
