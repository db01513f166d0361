"""REST API for vignettes, questions, interview settings, sessions, responses and
transcripts. Reads are scoped by studies.access; every write calls a service."""

from django.db.models import Prefetch
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response as ApiResponse

from studies import services as study_services
from studies.access import Action, StudyPermission
from studies.api.base import StudyScopedCRUDViewSet, StudyScopedViewSet
from studies.api.recruitment import StudyRelatedField
from studies.models import Participant, Role

from . import selectors, services
from .models import (
    InterviewSession,
    InterviewSettings,
    Question,
    Response,
    SessionMode,
    SessionVignette,
    SpeakerTurn,
    Transcript,
    Vignette,
    VignetteVersion,
)
from .plan import session_pages

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
    @action(detail=True, methods=["get"])
    def versions(self, request, *args, **kwargs):
        """Every version of the vignette's words, oldest first."""
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
        fields = [
            "order_policy", "dyad_same_order", "online_nomination", "support_text",
            "alert_email",
        ]  # fmt: skip


class InterviewSettingsView(GenericAPIView):
    """How the study orders vignettes and supports participants who stop."""

    permission_classes = [IsAuthenticated, StudyPermission]
    serializer_class = InterviewSettingsSerializer
    read_action = Action.VIEW_STUDY
    write_action = Action.EDIT_STUDY

    def get(self, request, *args, **kwargs):
        current = services.interview_settings_for(request.study_access.study)
        return ApiResponse(InterviewSettingsSerializer(current).data)

    def put(self, request, *args, **kwargs):
        study = request.study_access.study
        serializer = InterviewSettingsSerializer(
            services.interview_settings_for(study), data=request.data, partial=True
        )
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


class SessionSerializer(serializers.ModelSerializer):
    participant = StudyRelatedField(queryset=Participant.objects.all())
    pseudonym = serializers.CharField(source="participant.pseudonym", read_only=True)
    vignettes = ShownSerializer(many=True, read_only=True)
    answered = serializers.IntegerField(read_only=True)
    email_link = serializers.BooleanField(
        write_only=True, default=False, help_text="Email the new link to the participant."
    )

    class Meta:
        model = InterviewSession
        fields = [
            "id", "participant", "pseudonym", "mode", "status", "order_policy", "vignettes",
            "pages_done", "answered", "created_at", "started_at", "completed_at", "paused_at",
            "last_activity_at", "email_link",
        ]  # fmt: skip
        read_only_fields = [
            "id", "status", "order_policy", "pages_done", "created_at", "started_at",
            "completed_at", "paused_at", "last_activity_at",
        ]  # fmt: skip


class NewLinkSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=365, default=study_services.LINK_DAYS)
    email_link = serializers.BooleanField(default=False)


class AnswersSerializer(serializers.Serializer):
    vignette = serializers.IntegerField(
        allow_null=True, help_text="The vignette the answers follow; null for closing questions."
    )
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        help_text="{question id: answer or notes}",
    )


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
            Prefetch("vignettes", shown)
        )

    def _with_link(self, session: InterviewSession, token: str | None) -> dict:
        data = SessionSerializer(self.get_queryset().get(pk=session.pk)).data
        if token:
            data["link"] = self.request.build_absolute_uri(
                reverse("participant-welcome", kwargs={"token": token})
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
        )  # fmt: skip
        return ApiResponse(self._with_link(session, token), status=status.HTTP_201_CREATED)

    @extend_schema(request=NewLinkSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def link(self, request, *args, **kwargs):
        """A new personal link for an online session; earlier links stop working."""
        session = self.get_object()
        if session.mode != SessionMode.ONLINE:
            raise serializers.ValidationError({"mode": ["Only online sessions have links."]})
        form = NewLinkSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        participant = session.participant
        _link, token = study_services.link_issue(
            actor=request.user, participant=participant, days=form.validated_data["days"],
            email=form.validated_data["email_link"],
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
        )
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
    """Every stored answer, pseudonymised. Filter with ?session=, ?vignette=, ?question=."""

    serializer_class = ResponseSerializer
    read_action = Action.VIEW_DATA

    def get_queryset(self):
        if self.is_schema_request():
            return Response.objects.none()
        found = selectors.responses_for_study(access=self.access)
        for name in ("session", "vignette", "question"):
            value = self.request.query_params.get(name)
            if value is None:
                continue
            if not (value.isascii() and value.isdigit()):
                raise serializers.ValidationError({name: ["Give a number."]})
            # An id beyond any row matches nothing (and would overflow SQLite).
            found = found.filter(**{f"{name}_id": int(value)}) if len(value) < 19 else found.none()
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
        fields = ["id", "participant", "pseudonym", "session", "source", "created_at", "words",
                  "text", "turns"]  # fmt: skip


class TranscriptViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, StudyScopedViewSet):
    """Transcripts with their speaker turns; offsets are Unicode code points into `text`."""

    serializer_class = TranscriptSerializer
    read_action = Action.VIEW_DATA

    def get_queryset(self):
        if self.is_schema_request():
            return Transcript.objects.none()
        return (
            Transcript.objects.filter(study=self.access.study)
            .select_related("participant")
            .prefetch_related("turns")
            .order_by("participant__role__position", "participant__number", "pk")
        )
