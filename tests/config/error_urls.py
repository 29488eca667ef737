"""The site's URLs plus two that fail on purpose, for the error page tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def denied(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [
    path("denied/", denied),
    path("broken/", broken),
    *site_urlpatterns,
]
