"""REST API for vignettes, questions, interview settings, sessions, responses and
transcripts. Reads are scoped by studies.access; every write calls a service."""

from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response as ApiResponse

from config.http import no_store
from studies import services as study_services
from studies.access import Action, StudyPermission
from studies.api.base import StudyScopedCRUDViewSet, StudyScopedViewSet
from studies.api.filters import Filter, QueryFilters
from studies.api.recruitment import StudyRelatedField
from studies.models import Participant, Role, User

from . import importers, selectors, services
from .models import (
    InterviewSession,
    InterviewSettings,
    PauseOutcome,
    Question,
    Recording,
    Redaction,
    RedactionLabel,
    Response,
    SessionMode,
    SessionPause,
    SessionVignette,
    SpeakerTurn,
    Transcript,
    TranscriptImport,
    TranscriptVersion,
    Vignette,
    VignetteVersion,
)
from .plan import session_pages
from .reading import DOCX, EXPORT_FORMATS, export_file, version_diff

# --- Vignettes and questions ------------------------------------------------------------


class VignetteVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = VignetteVersion
        fields = ["number", "title", "text", "created_at"]


class VignetteSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="current.title", max_length=200)
    text = serializers.CharField(source="current.text", help_text="Markdown.")
    version = serializers.IntegerField(source="current.number", read_only=True)

    class Meta:
        model = Vignette
        fields = [
            "id", "position", "title", "text", "version", "validation_status",
            "validation_notes", "archived",
        ]  # fmt: skip
        read_only_fields = ["id", "position", "version"]


class VignetteViewSet(StudyScopedCRUDViewSet):
    """The study's vignettes. Changing the words of one a session has shown makes a new
    version (see `versions`); deleting one a session has shown is refused: archive it."""

    serializer_class = VignetteSerializer

    def get_queryset(self):
        if self.is_schema_request():
            return Vignette.objects.none()
        return selectors.vignette_list(access=self.access)

    def _values(self, serializer, vignette: Vignette | None = None) -> dict:
        data = dict(serializer.validated_data)
        words = data.pop("current", {})
        current = vignette.current if vignette else None
        return {
            "title": words.get("title", current.title if current else ""),
            "text": words.get("text", current.text if current else ""),
            "validation_status": data.get(
                "validation_status", vignette.validation_status if vignette else "draft"
            ),
            "validation_notes": data.get(
                "validation_notes", vignette.validation_notes if vignette else ""
            ),
        }

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        vignette = services.vignette_create(
            actor=request.user, study=self.access.study, **self._values(serializer)
        )
        if serializer.validated_data.get("archived"):
            services.vignette_archive(actor=request.user, vignette=vignette)
        return ApiResponse(VignetteSerializer(vignette).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        vignette = self.get_object()
        serializer = self.get_serializer(vignette, data=request.data, partial=kwargs.get("partial"))
        serializer.is_valid(raise_exception=True)
        vignette = services.vignette_update(
            actor=request.user, vignette=vignette, **self._values(serializer, vignette)
        )
        archived = serializer.validated_data.get("archived")
        if archived is not None and archived != vignette.archived:
            services.vignette_archive(actor=request.user, vignette=vignette, archived=archived)
        return ApiResponse(VignetteSerializer(vignette).data)

    def destroy(self, request, *args, **kwargs):
        services.vignette_delete(actor=request.user, vignette=self.get_object())
        return ApiResponse(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=VignetteVersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def versions(self, request, *args, **kwargs):
        """Every version of the vignette's words, oldest first (a list, not paginated)."""
        versions = self.get_object().versions.order_by("number")
        return ApiResponse(VignetteVersionSerializer(versions, many=True).data)


class QuestionSerializer(serializers.ModelSerializer):
    vignette = StudyRelatedField(
        queryset=Vignette.objects.all(), allow_null=True, required=False,
        help_text="Asked after this vignette only; null: after every vignette (or closing).",
    )  # fmt: skip
    role = StudyRelatedField(
        queryset=Role.objects.all(), allow_null=True, required=False,
        help_text="Asked of this role only; null: everyone.",
    )  # fmt: skip
    choices = serializers.ListField(child=serializers.CharField(), required=False, default=list)

    class Meta:
        model = Question
        fields = [
            "id", "stage", "vignette", "role", "prompt", "help_text", "kind", "choices",
            "scale_min", "scale_max", "scale_min_label", "scale_max_label", "required",
            "position",
        ]  # fmt: skip
        read_only_fields = ["id", "position"]
        validators = []  # the service explains problems in words


class QuestionViewSet(StudyScopedCRUDViewSet):
    """Questions asked after the vignettes and at the end. Once answered, a question's
    kind, options and place are fixed; its wording may still change."""

    serializer_class = QuestionSerializer

    def get_queryset(self):
        if self.is_schema_request():
            return Question.objects.none()
        return selectors.question_list(access=self.access)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        question = services.question_create(
            actor=request.user, study=self.access.study, **serializer.validated_data
        )
        return ApiResponse(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        question = self.get_object()
        serializer = self.get_serializer(question, data=request.data, partial=kwargs.get("partial"))
        serializer.is_valid(raise_exception=True)
        question = services.question_update(
            actor=request.user, question=question, **serializer.validated_data
        )
        return ApiResponse(QuestionSerializer(question).data)

    def destroy(self, request, *args, **kwargs):
        services.question_delete(actor=request.user, question=self.get_object())
        return ApiResponse(status=status.HTTP_204_NO_CONTENT)


class InterviewSettingsSerializer(serializers.ModelSerializer):
    class Meta:
        model = InterviewSettings
        fields = ["order_policy", "dyad_same_order", "online_nomination", "alert_email"]


class InterviewSettingsView(GenericAPIView):
    """How the study orders vignettes and supports participants who stop."""

    permission_classes = [IsAuthenticated, StudyPermission]
    serializer_class = InterviewSettingsSerializer
    read_action = Action.VIEW_STUDY
    write_action = Action.EDIT_STUDY

    def get_object(self) -> InterviewSettings:
        # One object per study, not a queryset to look up in: OPTIONS describes PUT by
        # calling get_object(), which without this asserted for a queryset (a 500).
        return services.interview_settings_for(self.request.study_access.study)

    def get(self, request, *args, **kwargs):
        return ApiResponse(InterviewSettingsSerializer(self.get_object()).data)

    def put(self, request, *args, **kwargs):
        study = request.study_access.study
        serializer = InterviewSettingsSerializer(self.get_object(), data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        saved = services.interview_settings_update(
            actor=request.user, study=study, **serializer.validated_data
        )
        return ApiResponse(InterviewSettingsSerializer(saved).data)


# --- Sessions and their answers ---------------------------------------------------------


class ShownSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    vignette = serializers.IntegerField(source="vignette_id")
    version = serializers.IntegerField(source="version.number")
    title = serializers.CharField(source="version.title")


class PauseSerializer(serializers.ModelSerializer):
    """A press of "I need to stop" and the team's check-in after it."""

    contacted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    needs_check_in = serializers.BooleanField(read_only=True)

    class Meta:
        model = SessionPause
        fields = [
            "id", "paused_at", "page_number", "vignette", "vignette_title", "resumed_at",
            "contacted_by", "contacted_at", "outcome", "note", "needs_check_in",
        ]  # fmt: skip
        read_only_fields = fields


class CheckInSerializer(serializers.Serializer):
    pause = serializers.IntegerField(help_text="The stop checked in on (its id in `pauses`).")
    contacted_by = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), help_text="A study member."
    )
    contacted_at = serializers.DateTimeField()
    outcome = serializers.ChoiceField(choices=PauseOutcome.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class SessionSerializer(serializers.ModelSerializer):
    participant = StudyRelatedField(queryset=Participant.objects.all())
    pauses = PauseSerializer(many=True, read_only=True)
    pseudonym = serializers.CharField(source="participant.pseudonym", read_only=True)
    vignettes = ShownSerializer(many=True, read_only=True)
    answered = serializers.IntegerField(read_only=True)
    email_link = serializers.BooleanField(
        write_only=True, default=False, help_text="Email the new link to the participant."
    )
    replace_link = serializers.BooleanField(
        write_only=True, default=False,
        help_text="Needed when the participant still has a live link: it stops working.",
    )  # fmt: skip

    class Meta:
        model = InterviewSession
        fields = [
            "id", "participant", "pseudonym", "mode", "status", "order_policy", "vignettes",
            "pages_done", "answered", "created_at", "started_at", "completed_at", "paused_at",
            "last_activity_at", "pauses", "email_link", "replace_link",
        ]  # fmt: skip
        read_only_fields = [
            "id", "status", "order_policy", "pages_done", "created_at", "started_at",
            "completed_at", "paused_at", "last_activity_at",
        ]  # fmt: skip


class SessionWithLinkSerializer(SessionSerializer):
    link = serializers.URLField(
        read_only=True, required=False,
        help_text="The participant's personal link: only in the answer that made it (an "
        "online session's creation, or `link`); it is not stored and cannot be read again.",
    )  # fmt: skip

    class Meta(SessionSerializer.Meta):
        fields = [*SessionSerializer.Meta.fields, "link"]


class NewLinkSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=365, default=study_services.LINK_DAYS)
    email_link = serializers.BooleanField(default=False)
    replace_link = serializers.BooleanField(
        default=False, help_text="Needed when a link is still live: it stops working."
    )


class AnswersSerializer(serializers.Serializer):
    vignette = serializers.IntegerField(
        allow_null=True, help_text="The vignette the answers follow; null for closing questions."
    )
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        help_text="{question id: answer or notes}",
    )


@extend_schema_view(create=extend_schema(responses={201: SessionWithLinkSerializer}))
class SessionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, StudyScopedViewSet
):
    """Interview sessions. Making an online session returns the participant's personal
    link once (`link`); it is not stored and cannot be read again, only replaced."""

    serializer_class = SessionSerializer
    read_action = Action.VIEW_DATA
    write_action = Action.RECRUIT

    def get_queryset(self):
        if self.is_schema_request():
            return InterviewSession.objects.none()
        shown = SessionVignette.objects.select_related("version").order_by("position")
        return selectors.session_list(access=self.access).prefetch_related(
            Prefetch("vignettes", shown),
            Prefetch("pauses", SessionPause.objects.select_related("contacted_by")),
        )

    @extend_schema(request=CheckInSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request, *args, **kwargs):
        """Records the team's check-in after the participant stopped (see `pauses`)."""
        session = self.get_object()
        form = CheckInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        pause = SessionPause.objects.filter(session=session, pk=data.pop("pause")).first()
        if pause is None:
            raise serializers.ValidationError({"pause": ["No such stop in this session."]})
        pause.session = session
        services.pause_check_in_record(actor=request.user, pause=pause, **data)
        return ApiResponse(self._with_link(session, None))

    def _with_link(self, session: InterviewSession, token: str | None) -> dict:
        data = SessionSerializer(self.get_queryset().get(pk=session.pk)).data
        if token:
            data["link"] = self.request.build_absolute_uri(
                reverse("participant-enter", kwargs={"token": token})
            )
        return data

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        participant = serializer.validated_data["participant"]
        mode = serializer.validated_data["mode"]
        session, token = services.session_create(
            actor=request.user, participant=participant, mode=mode,
            email_link=mode == SessionMode.ONLINE and serializer.validated_data["email_link"],
            replace_link=serializer.validated_data["replace_link"],
        )  # fmt: skip
        return ApiResponse(self._with_link(session, token), status=status.HTTP_201_CREATED)

    @extend_schema(request=NewLinkSerializer, responses=SessionWithLinkSerializer)
    @action(detail=True, methods=["post"])
    def link(self, request, *args, **kwargs):
        """A new personal link for an online session; earlier links stop working."""
        session = self.get_object()
        form = NewLinkSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        token = services.session_link_issue(
            actor=request.user, session=session, days=form.validated_data["days"],
            email=form.validated_data["email_link"], replace=form.validated_data["replace_link"],
        )  # fmt: skip
        return ApiResponse(self._with_link(session, token))

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def abandon(self, request, *args, **kwargs):
        session = self.get_object()
        services.session_abandon(actor=request.user, session=session)
        return ApiResponse(self._with_link(session, None))

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, *args, **kwargs):
        """Starts an in-person interview: notes the start time."""
        session = self.get_object()
        services.session_start(actor=request.user, session=session)
        return ApiResponse(self._with_link(session, None))

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, *args, **kwargs):
        """Ends an in-person interview: notes the end time."""
        session = self.get_object()
        services.session_complete(actor=request.user, session=session)
        return ApiResponse(self._with_link(session, None))

    @extend_schema(request=AnswersSerializer, responses=AnswersSerializer)
    @action(detail=True, methods=["post"])
    def answers(self, request, *args, **kwargs):
        """The researcher's notes in an in-person session, per question of one page."""
        session = self.get_object()
        form = AnswersSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        page = next(
            (
                p for p in session_pages(session)
                if (p.vignette.pk if p.vignette else None) == form.validated_data["vignette"]
            ),
            None,
        )  # fmt: skip
        if page is None:
            raise serializers.ValidationError({"vignette": ["This session does not show it."]})
        try:
            answers = {int(key): value for key, value in form.validated_data["answers"].items()}
        except ValueError as error:
            raise serializers.ValidationError({"answers": ["Keys are question ids."]}) from error
        errors = services.answers_save(
            session=session, page=page, answers=answers, actor=request.user
        ).errors
        if errors:
            raise serializers.ValidationError({"answers": {str(k): [v] for k, v in errors.items()}})
        return ApiResponse(form.data)


class ResponseSerializer(serializers.ModelSerializer):
    pseudonym = serializers.CharField(source="session.participant.pseudonym")
    recorded_by_researcher = serializers.SerializerMethodField()

    class Meta:
        model = Response
        fields = [
            "id", "session", "pseudonym", "question", "vignette", "text", "created_at",
            "updated_at", "recorded_by_researcher",
        ]  # fmt: skip

    def get_recorded_by_researcher(self, response: Response) -> bool:
        return response.recorded_by_id is not None


class ResponseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, StudyScopedViewSet):
    """Every stored answer, pseudonymised."""

    serializer_class = ResponseSerializer
    read_action = Action.VIEW_DATA
    query_filters = QueryFilters(
        Filter("session", int, description="Session id"),
        Filter("vignette", int, description="Vignette id"),
        Filter("question", int, description="Question id"),
    )

    def get_queryset(self):
        if self.is_schema_request():
            return Response.objects.none()
        found = selectors.responses_for_study(access=self.access)
        for name, value in self.filter_values.items():
            found = found.filter(**{f"{name}_id": value})
        return found


class TurnSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpeakerTurn
        fields = ["position", "speaker", "start", "end", "started_at_ms", "vignette"]


class TranscriptSerializer(serializers.ModelSerializer):
    pseudonym = serializers.CharField(source="participant.pseudonym")
    turns = TurnSerializer(many=True)
    words = serializers.IntegerField(source="word_count", read_only=True)

    class Meta:
        model = Transcript
        fields = [
            "id", "participant", "pseudonym", "session", "source", "version", "status",
            "ready_version", "ready_at", "created_at", "updated_at", "words", "text", "turns",
        ]  # fmt: skip


class VersionSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(
        source="created_by.get_username", read_only=True, default=None, allow_null=True,
        help_text="Username; null for a version the platform made (from an online session).",
    )  # fmt: skip

    class Meta:
        model = TranscriptVersion
        fields = ["number", "kind", "note", "created_by", "created_at", "text", "turns"]


class CorrectionSerializer(serializers.Serializer):
    position = serializers.IntegerField(min_value=0, max_value=10**6)
    text = serializers.CharField(trim_whitespace=False, max_length=200_000)
    speaker = serializers.CharField(required=False, max_length=60)
    version = serializers.IntegerField(
        min_value=1, max_value=10**6, help_text="The version the correction was made to."
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class RedactionRequestSerializer(serializers.Serializer):
    term = serializers.CharField(max_length=200)
    label = serializers.ChoiceField(choices=RedactionLabel.choices)
    starts = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=10**9), required=False,
        allow_empty=False, help_text="Where each occurrence to redact starts (from "
        "`occurrences`); all occurrences when left out.",
    )  # fmt: skip
    replacement = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=58,
        help_text="For label `pseudonym`: the pseudonym; empty numbers people.",
    )  # fmt: skip
    version = serializers.IntegerField(min_value=1, max_value=10**6, required=False)


class VignetteMarksSerializer(serializers.Serializer):
    starts = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=10**6),
        help_text="Vignette id → the position of the turn where the talk about it begins.",
    )  # fmt: skip
    closing = serializers.IntegerField(
        min_value=0, max_value=10**6, required=False, allow_null=True, default=None,
        help_text="The position of the turn where the closing questions begin.",
    )  # fmt: skip
    version = serializers.IntegerField(min_value=1, max_value=10**6)

    def validate_starts(self, value: dict) -> dict[int, int]:
        if not all(key.isascii() and key.isdigit() and len(key) < 19 for key in value):
            raise serializers.ValidationError("Keys are vignette ids.")
        return {int(key): position for key, position in value.items()}


class RedactionSerializer(serializers.ModelSerializer):
    pseudonym = serializers.CharField(source="transcript.participant.pseudonym")
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Redaction
        fields = [
            "id", "transcript", "pseudonym", "version", "original", "replacement", "label",
            "start", "context", "created_by", "created_at",
        ]  # fmt: skip


class OccurrencesRequestSerializer(serializers.Serializer):
    term = serializers.CharField(max_length=200)


class OccurrenceSerializer(serializers.Serializer):
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    turn = serializers.IntegerField(help_text="The position of the turn it is in.")


class OccurrencesSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The version searched: the current one.")
    occurrences = OccurrenceSerializer(many=True)


class DiffPieceSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["same", "added", "removed"])
    text = serializers.CharField()


class DiffChangeSerializer(serializers.Serializer):
    speaker_before = serializers.CharField()
    speaker_after = serializers.CharField()
    unchanged_before = serializers.IntegerField(
        help_text="How many unchanged turns come before this one and are left out."
    )
    pieces = DiffPieceSerializer(many=True)


class DiffSerializer(serializers.Serializer):
    a = serializers.IntegerField()
    b = serializers.IntegerField()
    changes = DiffChangeSerializer(many=True)


class RedactionMadeSerializer(serializers.ModelSerializer):
    """A redaction just made, as its maker sees it: where and what replaced the words,
    not the words themselves (those are for the log's readers only)."""

    class Meta:
        model = Redaction
        fields = ["id", "version", "replacement", "label", "start"]


def _version_param(request, name: str, default: int) -> int:
    value = request.query_params.get(name)
    if value is None:
        return default
    if not (value.isascii() and value.isdigit() and len(value) < 7):
        raise serializers.ValidationError({name: ["Give a version number."]})
    return int(value)


class TranscriptViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, StudyScopedViewSet):
    """Transcripts with their speaker turns; offsets are Unicode code points into `text`.
    Corrections and redactions make new versions; `ready` freezes one for coding.
    New transcripts come in through `transcript-imports`."""

    serializer_class = TranscriptSerializer
    read_action = Action.VIEW_DATA
    write_action = Action.TRANSCRIBE

    def get_queryset(self):
        if self.is_schema_request():
            return Transcript.objects.none()
        return (
            Transcript.objects.filter(study=self.access.study)
            .select_related("participant", "study")
            .prefetch_related("turns")
            .order_by("participant__role__position", "participant__number", "pk")
        )

    def _fresh(self, transcript: Transcript):
        return TranscriptSerializer(self.get_queryset().get(pk=transcript.pk)).data

    @extend_schema(request=CorrectionSerializer, responses=TranscriptSerializer)
    @action(detail=True, methods=["post"])
    def corrections(self, request, *args, **kwargs):
        """Corrects one turn's words (and speaker) as a new version. `version` must be
        the current one; once ready for coding a `note` saying why is required."""
        transcript = self.get_object()
        form = CorrectionSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        services.transcript_correct(
            actor=request.user, transcript=transcript, position=data["position"],
            text=data["text"], speaker=data.get("speaker"), base_version=data["version"],
            note=data["note"],
        )  # fmt: skip
        return ApiResponse(self._fresh(transcript))

    @extend_schema(
        request=RedactionRequestSerializer, responses={201: RedactionMadeSerializer(many=True)}
    )
    @action(detail=True, methods=["post"])
    def redactions(self, request, *args, **kwargs):
        """Redacts occurrences of `term` as a new version. The answer says where each
        replacement went; what was taken out is only in the redaction log."""
        transcript = self.get_object()
        form = RedactionRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        done = services.transcript_redact(
            actor=request.user, transcript=transcript, term=data["term"], label=data["label"],
            starts=data.get("starts"), replacement=data["replacement"],
            base_version=data.get("version"),
        )  # fmt: skip
        return ApiResponse(
            RedactionMadeSerializer(done, many=True).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=OccurrencesRequestSerializer, responses=OccurrencesSerializer)
    @action(detail=True, methods=["post"])
    def occurrences(self, request, *args, **kwargs):
        """Where `term` occurs as a whole word in the current version's turns, to choose
        what to redact. Posted, not a query parameter: addresses end up in logs, and
        these are the words redaction exists to take out."""
        transcript = self.get_object()
        term = str(request.data.get("term", ""))
        if not term.strip() or len(term) > 200:
            raise serializers.ValidationError({"term": ["Give the words to find (at most 200)."]})
        version = transcript.versions.get(number=transcript.version)
        found = services.occurrences(version.text, version.turns, term)
        return ApiResponse(
            {"version": version.number,
             "occurrences": [{"start": o.start, "end": o.end, "turn": o.turn} for o in found]}
        )  # fmt: skip

    @extend_schema(request=VignetteMarksSerializer, responses=TranscriptSerializer)
    @action(detail=True, methods=["post"])
    def vignettes(self, request, *args, **kwargs):
        """Marks where the talk about each vignette begins in an interview's transcript;
        each turn then carries the vignette begun last before it. A new version."""
        transcript = self.get_object()
        form = VignetteMarksSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        services.transcript_mark_vignettes(
            actor=request.user, transcript=transcript, starts=data["starts"],
            closing=data["closing"], base_version=data["version"],
        )  # fmt: skip
        return ApiResponse(self._fresh(transcript))

    @extend_schema(request=None, responses=TranscriptSerializer)
    @action(detail=True, methods=["post"])
    def ready(self, request, *args, **kwargs):
        """Marks the current version ready for coding: its text is frozen."""
        transcript = self.get_object()
        services.transcript_mark_ready(actor=request.user, transcript=transcript)
        return ApiResponse(self._fresh(transcript))

    @extend_schema(responses=VersionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def versions(self, request, *args, **kwargs):
        """Every version (a list, not paginated), oldest first, each with its full text and turns
        ([speaker, start, end, started_at_ms, vignette])."""
        versions = self.get_object().versions.select_related("created_by").order_by("number")
        return ApiResponse(VersionSerializer(versions, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=EXPORT_FORMATS)],
        responses={(200, "text/plain"): bytes, (200, DOCX): bytes},
    )
    @action(detail=True, methods=["get"], url_path=r"export/(?P<fmt>[^/.]+)")
    @no_store
    def export(self, request, fmt: str, *args, **kwargs):
        """The latest version as plain text (`export/txt/`) or a Word document
        (`export/docx/`), by pseudonym (never the redaction log). Needs the export
        permission; audited."""
        if fmt not in EXPORT_FORMATS:
            raise NotFound("Export as txt or docx.")
        body, content_type, name = export_file(self.get_object(), fmt)
        study_services.export_record(actor=request.user, study=self.access.study, export=name)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @extend_schema(
        parameters=[
            OpenApiParameter("a", int, description="The earlier version (default: b - 1)."),
            OpenApiParameter("b", int, description="The later version (default: the latest)."),
        ],
        responses=DiffSerializer,
    )
    @action(detail=True, methods=["get"])
    def diff(self, request, *args, **kwargs):
        """The turns that differ between versions `?a=` and `?b=` (default: the last two)."""
        transcript = self.get_object()
        b = _version_param(request, "b", transcript.version)
        a = _version_param(request, "a", max(1, b - 1))
        pair = {v.number: v for v in transcript.versions.filter(number__in=[a, b])}
        if a not in pair or b not in pair:
            raise serializers.ValidationError({"a": ["No such version."]})
        changes = version_diff(pair[a], pair[b])
        return ApiResponse(
            {"a": a, "b": b, "changes": [
                {"speaker_before": c.speaker_before, "speaker_after": c.speaker_after,
                 "unchanged_before": c.unchanged_before,
                 "pieces": [{"op": p.op, "text": p.text} for p in c.pieces]}
                for c in changes
            ]}
        )  # fmt: skip


class TranscriptImportSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True)
    participant = StudyRelatedField(
        queryset=Participant.objects.all(), required=False,
        help_text="For a transcript without a session; otherwise give `session`.",
    )  # fmt: skip
    session = StudyRelatedField(
        queryset=InterviewSession.objects.all(), required=False, allow_null=True
    )
    speakers = serializers.ListField(child=serializers.CharField(), read_only=True)
    guesses = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField(
        help_text="`parsing` while the file is read (poll this import), then `parsed` (map "
        "the speakers and `save`) or `refused` (see `error`)."
    )
    error = serializers.SerializerMethodField(help_text="Why the file was refused, if it was.")

    class Meta:
        model = TranscriptImport
        fields = ["id", "file", "participant", "session", "status", "progress", "error",
                  "source", "speakers", "guesses", "turns", "created_at"]  # fmt: skip
        read_only_fields = ["id", "progress", "source", "turns", "created_at"]

    def get_status(self, upload) -> str:
        return services.import_state(upload)[0]

    def get_error(self, upload) -> str:
        return services.import_state(upload)[1]

    def get_guesses(self, upload) -> dict[str, str]:
        return {
            found: services.speaker_guess(found, upload.participant) for found in upload.speakers
        }

    def validate(self, attrs):
        session = attrs.get("session")
        if session is not None:
            attrs["participant"] = session.participant
        elif attrs.get("participant") is None:
            raise serializers.ValidationError({"session": ["Give the session or the participant."]})
        upload = attrs["file"]
        if upload.size > importers.MAX_TRANSCRIPT_BYTES:
            limit = importers.MAX_TRANSCRIPT_BYTES // (1024 * 1024)
            raise serializers.ValidationError(
                {"file": [f"This file is over the {limit} MB limit."]}
            )
        return attrs


class SpeakerMappingSerializer(serializers.Serializer):
    mapping = serializers.DictField(
        child=serializers.CharField(max_length=60, allow_blank=True, allow_null=True),
        help_text="Each speaker found in the file → `Interviewer`, the pseudonym, another "
        "label, or null to leave that speaker's paragraphs out.",
    )  # fmt: skip


class TranscriptImportViewSet(
    mixins.CreateModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin,
    StudyScopedViewSet,
):  # fmt: skip
    """Importing a transcript: upload the file (multipart; answered 202 while it is read
    in the background), poll the import until its `status` is `parsed` (the speakers
    found and the guessed mapping) or `refused` (`error` says why), then `save` with the
    mapping, or delete the upload."""

    serializer_class = TranscriptImportSerializer
    read_action = Action.TRANSCRIBE
    write_action = Action.TRANSCRIBE

    def get_queryset(self):
        if self.is_schema_request():
            return TranscriptImport.objects.none()
        return TranscriptImport.objects.filter(study=self.access.study).select_related(
            "participant__study", "session"
        )

    @extend_schema(responses={202: TranscriptImportSerializer})
    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        response.status_code = status.HTTP_202_ACCEPTED  # read in the background: poll it
        return response

    def perform_create(self, serializer):
        data = serializer.validated_data
        upload = data["file"]
        serializer.instance = services.transcript_import_start(
            actor=self.request.user, participant=data["participant"],
            session=data.get("session"), filename=upload.name, data=upload.read(),
        )  # fmt: skip
        # Inline (the embedded setup) it was read as the upload committed.
        serializer.instance.refresh_from_db()

    def perform_destroy(self, instance):
        services.transcript_import_discard(actor=self.request.user, upload=instance)

    @extend_schema(request=SpeakerMappingSerializer, responses={201: TranscriptSerializer})
    @action(detail=True, methods=["post"])
    def save(self, request, *args, **kwargs):
        upload = self.get_object()
        form = SpeakerMappingSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        transcript = services.transcript_import_save(
            actor=request.user, upload=upload, mapping=form.validated_data["mapping"]
        )
        fresh = Transcript.objects.prefetch_related("turns").select_related("participant")
        return ApiResponse(
            TranscriptSerializer(fresh.get(pk=transcript.pk)).data, status=status.HTTP_201_CREATED
        )


class RecordingSerializer(serializers.ModelSerializer):
    file = serializers.FileField(write_only=True)
    session = StudyRelatedField(queryset=InterviewSession.objects.all())
    audio_url = serializers.SerializerMethodField()

    class Meta:
        model = Recording
        fields = ["id", "session", "participant", "mime", "size", "uploaded_at", "file",
                  "audio_url"]  # fmt: skip
        read_only_fields = ["id", "participant", "mime", "size", "uploaded_at"]

    def get_audio_url(self, recording) -> str:
        return reverse("recording-audio", args=[recording.study.slug, recording.pk])


class RecordingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
    mixins.DestroyModelMixin, StudyScopedViewSet,
):  # fmt: skip
    """Interview recordings: upload (multipart, only with consent to recording; checked to
    be audio by its content), list, delete. `audio_url` streams it, with byte ranges."""

    serializer_class = RecordingSerializer
    read_action = Action.VIEW_DATA
    write_action = Action.TRANSCRIBE
    # The audio comes as a file: a JSON body cannot carry it, so it is not offered.
    parser_classes = [MultiPartParser]

    def get_queryset(self):
        if self.is_schema_request():
            return Recording.objects.none()
        return Recording.objects.filter(study=self.access.study).select_related("study")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = services.recording_upload(
            actor=self.request.user, session=data["session"], file=data["file"]
        )

    def perform_destroy(self, instance):
        services.recording_delete(actor=self.request.user, recording=instance)


class RedactionViewSet(mixins.ListModelMixin, StudyScopedViewSet):
    """The redaction log, for the lead and consent admins only: never part of the data."""

    serializer_class = RedactionSerializer
    read_action = Action.VIEW_REDACTIONS

    def get_queryset(self):
        if self.is_schema_request():
            return Redaction.objects.none()
        return (
            Redaction.objects.filter(transcript__study=self.access.study)
            .select_related("transcript__participant", "created_by")
            .order_by("-created_at", "pk")
        )
