"""The site's URLs plus pages a later version might add under a course."""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as site_urlpatterns


def page(request, **kwargs):
    return HttpResponse()


urlpatterns = [
    path("courses/archive/", page),
    path("courses/<str:slug>/attendance/", include([path("", page), path("<int:week>/report/", page)])),
    *site_urlpatterns,
]
