"""The API's way in: a username and password exchanged for a token."""

from django.conf import settings
from django.contrib.auth import authenticate
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import ErrorSerializer

from .. import services


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(
        max_length=4096, trim_whitespace=False, style={"input_type": "password"}
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <token>`.")


class TokenView(APIView):
    """Your API token for your username and password (the same token as *API token* in
    the menu; made on first use). Failed attempts count with the login page's: after
    five for one username from one address, both answer 429 for a while."""

    # Credentials travel in the body; a session cookie or old token is not asked for.
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            429: OpenApiResponse(ErrorSerializer, description="Too many failed attempts."),
        },
        auth=[],
    )
    def post(self, request):
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # The plain Django request: django-axes counts failures and marks a lockout on it.
        user = authenticate(request._request, **form.validated_data)
        if getattr(request._request, "axes_locked_out", False):
            raise exceptions.Throttled(
                wait=settings.AXES_COOLOFF_TIME.total_seconds(),
                detail="Too many failed attempts: signing in with this username from your "
                "address is paused for a while.",
            )
        if user is None:
            raise exceptions.ValidationError(
                {"non_field_errors": ["That username and password do not match an account."]}
            )
        return Response({"token": services.api_token_issue(user=user).key})
