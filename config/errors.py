"""The site's handler500: an unreachable database is a 503 to retry, not a 500.

While the database is down every page that reads the user fails before its
view runs. Students in a quiz should learn that their page keeps the answers
and sends them later; the autosave script gets the same message as JSON.
Nothing here may touch the database, so the page is rendered without the
request (no user menu, no session), like Django's own 500 page.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views import defaults

RETRY_AFTER_SECONDS = 30
DATABASE_UNAVAILABLE = _(
    "The server's database is unavailable for a moment. "
    "Your answers are kept in this browser and will be sent when the server is back."
)


def database_unavailable(error: BaseException | None) -> bool:
    """Whether the error means the database cannot be reached (Django wraps psycopg's and sqlite3's errors)."""
    return isinstance(error, OperationalError | InterfaceError)


def wants_json(request) -> bool:
    """Scripts (the autosave posts JSON) get JSON they can show, as the refusals of config/middleware.py do."""
    return request.content_type == "application/json" or "application/json" in request.headers.get("Accept", "")


def server_error(request, template_name: str = "500.html"):
    """503 with Retry-After while the database is unreachable; Django's 500 page for anything else."""
    if not database_unavailable(sys.exc_info()[1]):
        return defaults.server_error(request, template_name)
    if wants_json(request):
        response = JsonResponse({"error": str(DATABASE_UNAVAILABLE)}, status=503)
    else:
        page = loader.get_template("503.html").render({"message": DATABASE_UNAVAILABLE})
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
