"""Studies, the people who run them, and the accounts they sign in with.

Later issues add participants, dyads, recruitment, the information form and consent.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


class User(AbstractUser):
    """A member of a research team or a site admin. Participants never have accounts."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_ci",
                condition=~models.Q(email=""),
                violation_error_message="Another account already uses this email address.",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class StudyStatus(models.TextChoices):
    SETUP = "setup", "Set up"
    RECRUITING = "recruiting", "Recruiting"
    COLLECTING = "collecting", "Collecting"
    ANALYSING = "analysing", "Analysing"
    CLOSED = "closed", "Closed"


class Study(models.Model):
    Status = StudyStatus

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)
    ethics_reference = models.CharField(
        max_length=100, blank=True, help_text="The approval number from the ethics committee."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SETUP)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "studies"
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=StudyStatus.values),
                name="study_status_valid",
            )
        ]

    def __str__(self) -> str:
        return self.title


class TeamRole(models.TextChoices):
    LEAD = "lead", "Lead"
    RESEARCHER = "researcher", "Researcher"
    CODER = "coder", "Coder"
    CONSENT_ADMIN = "consent_admin", "Consent admin"
    VIEWER = "viewer", "Viewer"


class Membership(models.Model):
    """A user's role in one study. The permissions of each role live in studies.access."""

    Role = TeamRole

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["study", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "user"],
                name="membership_one_per_user_and_study",
                violation_error_message="This person is already a member of the study.",
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=TeamRole.values),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) in {self.study}"


class Site(models.Model):
    """A place participants are recruited from, such as a community mental health team."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="sites")
    name = models.CharField(max_length=120)
    borough = models.CharField("organisation or borough", max_length=120, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["study", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "name"],
                name="site_name_unique_per_study",
                violation_error_message="The study already has a site with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.Model):
    """A kind of participant in a study, such as mental health worker (MHW)."""

    class Recruitment(models.TextChoices):
        FIRST = "first", "Recruited first"
        NOMINATED = "nominated", "Nominated by a participant of another role"

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="roles")
    code = models.CharField(max_length=10, help_text="Prefix of pseudonyms, such as MHW.")
    label = models.CharField(max_length=80)
    recruitment = models.CharField(
        max_length=20, choices=Recruitment.choices, default=Recruitment.FIRST
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["study", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "code"],
                name="role_code_unique_per_study",
                violation_error_message="The study already has a role with this code.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.label})"
