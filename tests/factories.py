import factory
from django.urls import reverse

from studies import services
from studies.models import Membership, ParticipantLink, Site, Study, User
from studies.services.links import token_hash

PASSWORD = "a long test password 42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Study

    title = factory.Sequence(lambda n: f"Study {n}")
    slug = factory.Sequence(lambda n: f"study-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    study = factory.SubFactory(StudyFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.CODER


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    study = factory.SubFactory(StudyFactory)
    name = factory.Sequence(lambda n: f"Site {n}")


# A complete data-protection basis, as a study needs before it collects anything.
DATA_PROTECTION = {
    "lawful_basis": "public_task",
    "special_category_condition": "Article 9(2)(j): archiving, research and statistics",
    "data_controller": "Northgate University",
    "retention_audio_months": 12,
    "retention_transcripts_months": 120,
    "retention_consent_months": 240,
    "withdrawal_choices": ["keep", "remove_all"],
}


def publish_consent_form(study, actor, *, reconsent: bool = False, extra=()):
    """Publishes the study's consent form: the current draft (a copy of the published
    version, if any), given a required participation clause and optional recording and
    quotes clauses when it has none, plus any `extra` optional (text, governs) clauses."""
    draft = services.document_draft(actor=actor, study=study, kind="consent_form")
    if not draft.clauses.exists():
        services.clause_add(
            actor=actor, document=draft, text="I agree to take part.", governs="participation"
        )
        services.clause_add(
            actor=actor, document=draft, text="I agree to my interview being audio recorded.",
            governs="recording", required=False,
        )  # fmt: skip
        services.clause_add(
            actor=actor, document=draft, text="I agree to anonymised quotes being used.",
            governs="quotation", required=False,
        )  # fmt: skip
    for text, governs in extra:
        services.clause_add(actor=actor, document=draft, text=text, governs=governs, required=False)
    return services.document_publish(actor=actor, document=draft, requires_reconsent=reconsent)


def give_consent(participant, actor):
    """Records consent (every clause agreed, on paper) to the study's published consent
    form, publishing a minimal one first if there is none."""
    form = services.published_document(participant.study, "consent_form")
    form = form or publish_consent_form(participant.study, actor)
    return services.consent_record(
        actor=actor, participant=participant, signed_name="A participant", method="paper",
        answers={clause.pk: True for clause in form.clauses.all()},
    )  # fmt: skip


def enter_link(client, token: str) -> int:
    """Opens a participant's personal link as they would (the address they were sent),
    so `client` holds the link's cookie; returns the link's id, which every other
    participant page is addressed by (`reverse("participant-page", args=[id, 1])`)."""
    response = client.get(reverse("participant-enter", args=[token]))
    link_id = ParticipantLink.objects.get(token_hash=token_hash(token)).pk
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == reverse("participant-welcome", args=[link_id])
    return link_id
