"""The interviews API answers what its schema says."""


def test_it_describes_the_interview_settings_to_options_instead_of_failing(api_as, lead, study):
    response = api_as(lead).options(f"/api/v1/studies/{study.slug}/interview-settings/")
    assert response.status_code == 200
    assert "order_policy" in response.json()["actions"]["PUT"]
