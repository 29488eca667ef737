"""The layout every page shares, error pages in the site's style and language, static files."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def choose_language(client, code):
    client.post(reverse("set_language"), {"language": code, "next": "/"})


@pytest.mark.urls("tests.config.error_urls")
class TestErrorPages:
    def test_404_in_kazakh_with_the_site_layout(self, client):
        response = client.get("/no-such-page/")
        page = response.content.decode()
        assert response.status_code == 404
        assert '<html lang="kk">' in page
        assert "Бет табылмады" in page
        assert 'class="navbar' in page

    def test_404_follows_the_chosen_language(self, client):
        choose_language(client, "ru")
        page = client.get("/no-such-page/").content.decode()
        assert '<html lang="ru">' in page and "Страница не найдена" in page

    def test_403(self, student_client):
        response = student_client.get("/denied/")
        assert response.status_code == 403
        assert "Кіруге рұқсат жоқ" in response.content.decode()

    def test_500_renders_without_a_request_context(self, db):
        client = Client(raise_request_exception=False)
        response = client.get("/broken/")
        page = response.content.decode()
        assert response.status_code == 500
        assert '<html lang="kk">' in page
        assert "Сервер қатесі" in page

    def test_expired_form_is_explained_not_a_bare_403(self, db):
        client = Client(enforce_csrf_checks=True)
        response = client.post(reverse("login"), {"username": "x", "password": "y"})
        assert response.status_code == 403
        assert "Форманың мерзімі өтіп кетті" in response.content.decode()


def test_every_page_has_a_language_switcher_and_messages_area(student_client):
    page = student_client.get(reverse("home")).content.decode()
    assert f'action="{reverse("set_language")}"' in page
    for code in ("kk", "ru", "en"):
        assert f'name="language" value="{code}"' in page
    assert 'name="viewport"' in page


def test_no_page_loads_anything_from_another_site():
    """The site must work on a campus LAN without internet: no CDN links."""
    external = re.compile(r"""(src|href)\s*=\s*["'](https?:)?//""", re.IGNORECASE)
    offenders = [
        str(template.relative_to(BASE_DIR))
        for template in BASE_DIR.glob("**/templates/**/*.html")
        if ".venv" not in template.parts and external.search(template.read_text())
    ]
    assert offenders == []


def test_collectstatic_hashes_and_compresses_the_vendored_bootstrap(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    hashed = list((tmp_path / "vendor/bootstrap/css").glob("bootstrap.min.*.css"))
    assert hashed, "bootstrap.min.css should get a content-hashed copy"
    assert hashed[0].with_name(hashed[0].name + ".gz").exists()

    response = Client().get(f"/static/vendor/bootstrap/css/{hashed[0].name}")
    assert response.status_code == 200
    assert "max-age" in response["Cache-Control"]
