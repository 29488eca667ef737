from django.conf import settings
from django.shortcuts import render


def home(request):
    """Front page: a welcome with the login button, or the user's start page."""
    return render(request, "courses/home.html")


def locked_out(request, original_response=None, credentials=None):
    """Shown by django-axes instead of the login form while an account is paused."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
