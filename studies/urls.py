from django.urls import path, register_converter

from .views import consent, information_form, recruitment, setup, teams
from .views import participant as participant_pages

study = "studies/<slug:slug>/"
participant = study + "participants/<int:pk>/"

register_converter(participant_pages.LinkTokenConverter, "link_token")

# A participant's pages live under their link's id; the token itself is only ever in the
# address they were sent, which trades it for a cookie (participant_pages.enter).
link = "p/<int:link_id>/"

urlpatterns = [
    # A participant's own pages, reached through their personal link
    path("p/<link_token:token>/", participant_pages.enter, name="participant-enter"),
    path("p/<link_token:token>/<path:rest>", participant_pages.enter, name="participant-enter-at"),
    path(link, participant_pages.welcome, name="participant-welcome"),
    path(link + "consent/", participant_pages.consent, name="participant-online-consent"),
    path(link + "consent/done/", participant_pages.consent_done, name="participant-consent-done"),
    path(link + "consent/copy/", participant_pages.consent_copy, name="participant-consent-copy"),
    path(link + "withdraw/", participant_pages.withdraw, name="participant-withdraw-self"),
    path("", teams.home, name="home"),
    path("account/api-token/", teams.api_token, name="api-token"),
    path("studies/new/", teams.study_create, name="study-create"),
    path(study, teams.study_dashboard, name="study-dashboard"),
    path(study + "edit/", teams.study_edit, name="study-edit"),
    path(study + "members/", teams.members, name="study-members"),
    path(study + "members/<int:pk>/", teams.member_update, name="member-update"),
    path(study + "members/<int:pk>/remove/", teams.member_remove, name="member-remove"),
    # Setup
    path(study + "sites/", setup.sites, name="study-sites"),
    path(study + "sites/<int:pk>/", setup.site_edit, name="site-edit"),
    path(study + "sites/<int:pk>/remove/", setup.site_remove, name="site-remove"),
    path(study + "roles/<int:pk>/", setup.role_edit, name="role-edit"),
    # Recruitment
    path(study + "recruitment/", recruitment.recruitment_board, name="recruitment-board"),
    path(study + "recruitment/log.csv", recruitment.recruitment_log_csv, name="recruitment-log"),
    path(study + "participants/", recruitment.participants, name="participants"),
    path(study + "participants/new/", recruitment.participant_add, name="participant-add"),
    path(participant, recruitment.participant_detail, name="participant-detail"),
    path(participant + "status/", recruitment.participant_status, name="participant-status"),
    path(participant + "nominate/", recruitment.participant_nominate, name="participant-nominate"),
    path(participant + "contact/", recruitment.participant_contact, name="participant-contact"),
    path(participant + "link/", recruitment.participant_link, name="participant-link"),
    path(
        participant + "information/",
        information_form.participant_information,
        name="participant-information",
    ),
    # Information form and sample characteristics
    path(study + "information-form/", information_form.attributes, name="study-attributes"),
    path(
        study + "information-form/<int:pk>/",
        information_form.attribute_edit,
        name="attribute-edit",
    ),
    path(
        study + "information-form/<int:pk>/delete/",
        information_form.attribute_delete,
        name="attribute-delete",
    ),
    path(
        study + "information-form/<int:pk>/move/",
        information_form.attribute_move,
        name="attribute-move",
    ),
    path(study + "sample/", information_form.sample, name="study-sample"),
    # Consent
    path(study + "data-protection/", consent.data_protection, name="data-protection"),
    path(study + "audit/", consent.audit_trail, name="audit-trail"),
    path(study + "consent/", consent.consent_overview, name="consent-overview"),
    path(study + "consent/consent.csv", consent.consent_csv, name="consent-csv"),
    path(
        study + "consent/documents/new/<str:kind>/",
        consent.document_start,
        name="consent-document-start",
    ),
    path(study + "consent/documents/<int:pk>/", consent.consent_document, name="consent-document"),
    path(study + "consent/records/<int:pk>/", consent.consent_snapshot, name="consent-snapshot"),
    path(study + "consent/records/<int:pk>/scan/", consent.consent_scan, name="consent-scan"),
    path(participant + "consent/", consent.participant_consent, name="participant-consent"),
    path(participant + "withdraw/", consent.participant_withdraw, name="participant-withdraw"),
    path(
        study + "sample/characteristics.<str:format>",
        information_form.sample_download,
        name="study-sample-download",
    ),
]
