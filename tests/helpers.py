"""Helpers shared by test modules (fixtures stay in conftest.py)."""

from django.urls import reverse

from tests.factories import PASSWORD


def login(client, username, password=PASSWORD, ip="10.1.1.1", **headers):
    """Sign in through the login form, as a browser would, from ``ip``."""
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **headers)
