"""Request language: Kazakh unless the visitor chose another language."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


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
