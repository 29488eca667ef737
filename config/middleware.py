"""Request language: Kazakh unless the visitor chose another language."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from courses.limits import ControlCharacterError, has_control_character


class ChosenLanguageMiddleware:
    """Activate the language from the switcher's cookie, else Kazakh.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a
    campus full of Russian- or English-configured browsers would never see the
    Kazakh site first. Here only an explicit choice (the language switcher,
    which sets Django's language cookie) changes the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class QueryCountHeaderMiddleware:
    """Add ``X-DB-Queries`` to every response; switched on by REPORT_QUERY_COUNT for load tests."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connection

        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response.headers["X-DB-Queries"] = str(count)
        return response


class PermissionsPolicyMiddleware:
    """Send ``Permissions-Policy``: the site needs no camera, microphone, location or payments."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.PERMISSIONS_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.policy)
        return response


class RequestLimitsMiddleware:
    """Refuse oversized bodies (413, before reading them) and control characters (400) in any request.

    Checked once here rather than in every view: the path, query string, form
    fields and upload names. JSON bodies are checked where they are parsed
    (``courses.limits.read_json``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0:
            return _refusal(request, 400, _("The request was not understood."))
        if length > settings.MAX_REQUEST_BYTES:
            limit = settings.MAX_REQUEST_BYTES // (1024 * 1024)
            return _refusal(request, 413, _("The request is larger than %(size)d MB.") % {"size": limit})
        try:
            if self._has_control_characters(request):
                return _refusal(request, 400, str(ControlCharacterError()))
        except (LookupError, UnicodeError, ValueError):
            # A body in a charset that is not text (charset=base64, rot13...) cannot be read as a form.
            return _refusal(request, 400, _("The request was not understood."))
        return self.get_response(request)

    @staticmethod
    def _has_control_characters(request) -> bool:
        if has_control_character(request.path) or has_control_character(list(request.GET.lists())):
            return True
        if request.method != "POST" or request.content_type not in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            return False
        return has_control_character(list(request.POST.lists())) or any(
            has_control_character(upload.name) for upload in request.FILES.values()
        )


def _refusal(request, status: int, message: str):
    """A translated refusal: JSON for scripts, the site's error page for people."""
    if request.content_type == "application/json" or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"error": message}, status=status)
    return render(request, "400.html", {"message": message, "status": status}, status=status)
