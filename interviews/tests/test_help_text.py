"""A question's help text is written by a team member and read by participants: it is
shown as text, never as markup."""

from django.urls import reverse

from studies import services as study_services
from tests.factories import enter_link

MARKUP = 'Ask <script>alert("x")</script> or see <a href="https://elsewhere.example/">this</a>'


def test_it_shows_the_information_forms_help_text_as_text_to_participants(
    client, online, study, lead
):
    study_services.attribute_create(
        actor=lead, study=study, label="Town", kind="text", help_text=MARKUP
    )
    link_id = enter_link(client, online[1])
    html = client.get(reverse("participant-about", args=[link_id])).content.decode()
    assert "<script>" not in html and '<a href="https://elsewhere.example/"' not in html
    assert "Ask &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; or see &lt;a href=" in html
