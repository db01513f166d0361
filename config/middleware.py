import time

from django.conf import settings
from django.contrib.auth import middleware


class LoginRequiredMiddleware(middleware.LoginRequiredMiddleware):
    """Every page needs a signed-in user unless its view is marked `login_not_required`.

    API paths are left to Django REST framework, which authenticates each request by
    session or token and answers 401/403 itself (a redirect to a login page means
    nothing to an API client).
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith(settings.LOGIN_EXEMPT_PATH_PREFIXES):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class SessionIdleMiddleware:
    """Keeps a signed-in session alive while it is used and lets it end after
    SESSION_IDLE_MINUTES without requests.

    Each save pushes the session's expiry (database and cookie) SESSION_COOKIE_AGE into
    the future. Saving on every request would cost a write per page view, so the
    session is re-saved only when its last save is more than a minute old: a session
    then ends between one minute before and exactly at the configured idle time.
    """

    REFRESH_AFTER_SECONDS = 60
    KEY = "_refreshed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.REFRESH_AFTER_SECONDS:
                session[self.KEY] = now
        return response
