"""A node's page for constant comparison: its segments in context, filtered and grouped,
roles side by side and dyad by dyad, copy buttons only for those who agreed to be
quoted, and a query count that does not grow with the segments."""

from django.urls import reverse

from coding import services
from studies import services as study_services
from studies.models import Dyad
from tests.factories import publish_consent_form

from .conftest import code_words, make_transcript


def _url(study, node, layout="", **query):
    name = "node-segments" + (f"-{layout}" if layout else "")
    address = reverse(name, args=[study.slug, node.pk])
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _texts(answer) -> list[str]:
    return [quote.text for group in answer.context["groups"] for quote in group.quotes]


def _refuse_quotation(participant, lead):
    form = study_services.published_document(participant.study, "consent_form")
    study_services.consent_record(
        actor=lead, participant=participant, signed_name="A participant", method="paper",
        answers={c.pk: c.governs != "quotation" for c in form.clauses.all()},
    )  # fmt: skip


def test_it_lists_a_nodes_segments_in_context_with_who_said_them(client, study, viewer, coded,
                                                                  transcript):  # fmt: skip
    client.force_login(viewer)
    answer = client.get(_url(study, coded))
    assert answer.status_code == 200
    assert _texts(answer) == ["She wanted her money back", "I felt it was safe"]
    quote = answer.context["groups"][0].quotes[0]
    assert quote.place.participant.pseudonym == transcript.participant.pseudonym
    assert quote.place.after.startswith(" from the appointee")
    page = answer.content.decode()
    code_page = reverse("code-transcript", args=[study.slug, transcript.pk])
    assert f'href="{code_page}#line-{quote.place.line}"' in page
    assert "dyad MHW1 and SU1" in page


def test_it_adds_the_descendants_segments_only_on_request(client, study, viewer, coded):
    category = coded.parent
    client.force_login(viewer)
    assert _texts(client.get(_url(study, category))) == ["We agreed a plan"]
    with_below = _texts(client.get(_url(study, category, descendants="on")))
    assert sorted(with_below) == ["I felt it was safe", "She wanted her money back",
                                  "We agreed a plan"]  # fmt: skip


def test_it_filters_by_role_and_coder_and_groups_by_pseudonym(client, study, viewer, coder, lead,
                                                              coded):  # fmt: skip
    category = coded.parent
    client.force_login(viewer)
    worker_role = study.roles.get(code="MHW")
    everything = {"descendants": "on"}
    by_role = _texts(client.get(_url(study, category, role=worker_role.pk, **everything)))
    assert sorted(by_role) == ["I felt it was safe", "She wanted her money back"]
    assert _texts(client.get(_url(study, category, coder=lead.pk, **everything))) == [
        "I felt it was safe"
    ]
    groups = client.get(_url(study, category, group="pseudonym", **everything)).context["groups"]
    assert [(g.label, len(g.quotes)) for g in groups] == [("MHW1", 2), ("SU1", 1)]
    roles = client.get(_url(study, category, group="role", **everything)).context["groups"]
    assert len(roles) == 2


def test_it_shows_every_segment_with_the_filter_in_error_when_a_filter_is_nonsense(
    client, study, viewer, coded
):
    client.force_login(viewer)
    answer = client.get(_url(study, coded, role="nonsense", group="shoe size"))
    assert answer.status_code == 200
    assert answer.context["count"] == 2
    assert set(answer.context["filters"].errors) == {"role", "group"}


def test_it_puts_workers_beside_service_users_and_each_dyad_side_by_side(client, study, viewer,
                                                                         coded):  # fmt: skip
    category = coded.parent
    client.force_login(viewer)
    columns = client.get(_url(study, category, "roles", descendants="on")).context["columns"]
    assert [(c.label, [q.text for q in c.quotes]) for c in columns] == [
        ("Mental health worker", ["She wanted her money back", "I felt it was safe"]),
        ("Service user", ["We agreed a plan"]),
    ]
    rows = client.get(_url(study, category, "dyads", descendants="on")).context["dyads"]
    assert len(rows) == 1
    assert rows[0].worker.label == "MHW1" and len(rows[0].worker.quotes) == 2
    assert [q.text for q in rows[0].service_user.quotes] == ["We agreed a plan"]


def test_it_copies_quotes_with_the_pseudonym_but_not_of_someone_who_refused_quotation(
    client, study, viewer, lead, coded
):
    service_user = Dyad.objects.get(study=study).service_user
    _refuse_quotation(service_user, lead)
    client.force_login(viewer)
    page = client.get(_url(study, coded.parent, descendants="on")).content.decode()
    assert 'data-quote="“She wanted her money back” (MHW1)"' in page
    assert (
        "(SU1)"
        not in page.split("We agreed a plan")[1].split("</li>")[0].replace("SU1</strong>", "")
        or "Not to be quoted" in page
    )
    assert page.count("data-copy-quote") == 2
    assert "Not to be quoted:</strong> SU1's consent" in page


def test_it_offers_no_copy_of_the_words_of_someone_who_must_be_asked_again_for_consent(
    client, study, viewer, lead, coded
):
    publish_consent_form(study, lead, reconsent=True)
    client.force_login(viewer)
    page = client.get(_url(study, coded.parent, descendants="on")).content.decode()
    assert page.count("data-copy-quote") == 0
    for pseudonym in ("MHW1", "SU1"):
        assert f"Not to be quoted:</strong> {pseudonym}'s consent does not cover" in page


def test_it_hides_other_coders_segments_of_a_transcript_coded_independently(
    client, study, lead, coder, coded, transcript
):
    services.transcript_coding_set(actor=lead, transcript=transcript, independent=True)
    client.force_login(coder)
    assert _texts(client.get(_url(study, coded))) == ["She wanted her money back"]
    client.force_login(lead)
    assert len(_texts(client.get(_url(study, coded)))) == 2


def test_it_shows_a_node_to_viewers_and_hides_it_from_outsiders(client, study, viewer, outsider,
                                                               coded):  # fmt: skip
    client.force_login(outsider)
    assert client.get(_url(study, coded)).status_code == 404
    client.force_login(viewer)
    assert client.get(_url(study, coded, "dyads")).status_code == 200


def test_it_reads_a_node_in_the_same_number_of_queries_however_many_segments(
    client, study, lead, coder, viewer, worker, coded, django_assert_num_queries
):
    category = coded.parent
    client.force_login(viewer)
    url = _url(study, category, group="dyad", descendants="on")
    client.get(url)  # warm the session and the caches
    with django_assert_num_queries(14) as before:
        client.get(url)
    for number in range(3):
        other = study_services.participant_add(
            actor=lead, study=study, role=study.roles.get(code="MHW"), site=None
        )
        more = make_transcript(study, lead, other)
        code_words(coder, more, coded, "We agreed a plan")
        services.node_create(actor=lead, study=study, name=f"Sub {number}", parent=coded)
    with django_assert_num_queries(len(before.captured_queries)):
        assert client.get(url).context["count"] == 6
