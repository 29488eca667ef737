"""Kazakh first; Russian and English on request; Django's own strings and dates in Kazakh too."""

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import formats, translation

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db

LOGIN_WORD = {"kk": "Кіру", "ru": "Войти", "en": "Log in"}


def test_kazakh_is_the_default_whatever_the_browser_says(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.8")
    page = response.content.decode()
    assert '<html lang="kk">' in page
    assert response["Content-Language"] == "kk"
    assert LOGIN_WORD["kk"] in page


@pytest.mark.parametrize("code", ["ru", "en", "kk"])
def test_the_switcher_changes_the_language_of_every_page(client, code):
    response = client.post(reverse("set_language"), {"language": code, "next": reverse("login")})
    assert response.status_code == 302
    for url in (reverse("home"), reverse("login")):
        page = client.get(url).content.decode()
        assert f'<html lang="{code}">' in page
        assert LOGIN_WORD[code] in page


def test_an_unknown_language_cookie_falls_back_to_kazakh(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert '<html lang="kk">' in client.get(reverse("home")).content.decode()


def test_django_form_errors_are_in_kazakh(client, db):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    page = response.content.decode()
    assert "This field is required" not in page
    assert "Бұл өріс" in page or "міндетті" in page


def test_admin_login_leads_to_the_kazakh_sign_in_page(client):
    response = client.get(reverse("admin:login"), {"next": "/admin/"}, follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('login')}?next=%2Fadmin%2F"
    page = response.content.decode()
    assert '<html lang="kk"' in page
    assert "Кіру" in page


def test_kazakh_date_formats():
    with translation.override("kk"):
        assert formats.date_format(date(2026, 11, 25)) == "25 қараша 2026 ж."
        assert formats.date_format(date(2026, 11, 25), "SHORT_DATE_FORMAT") == "25.11.2026"
    with translation.override("ru"):
        assert formats.date_format(date(2026, 11, 25), "SHORT_DATE_FORMAT") == "25.11.2026"


def project_catalogs():
    return sorted((BASE_DIR / "locale").glob("*/LC_MESSAGES/django.po")) + sorted(
        (BASE_DIR / "locale" / "django").glob("*/LC_MESSAGES/*.po")
    )


@pytest.mark.parametrize("po_path", project_catalogs(), ids=lambda path: str(path.relative_to(BASE_DIR)))
def test_catalogs_are_fully_translated_and_compiled(po_path):
    catalog = polib.pofile(str(po_path))
    assert catalog.untranslated_entries() == []
    assert catalog.fuzzy_entries() == []
    compiled = polib.mofile(str(po_path.with_suffix(".mo")))
    translated = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in catalog}
    in_mo = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in compiled}
    assert in_mo == translated, "the .mo file is stale: run `make messages`"


def test_every_ui_string_is_in_the_catalogs(tmp_path):
    """makemessages on a copy of the code finds no string missing from the committed catalogs."""
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext (xgettext) is needed for this check: apt-get install gettext")
    copy = tmp_path / "site"
    shutil.copytree(
        BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "staticfiles", "media", "*.sqlite3*", "__pycache__", "docs"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "kk", "-l", "ru", "--no-obsolete"],
        cwd=copy,
        env={"PATH": "/usr/bin:/bin", "DEBUG": "1"},
        check=True,
        capture_output=True,
    )
    for code in ("kk", "ru"):
        fresh = {(e.msgctxt, e.msgid) for e in polib.pofile(str(copy / f"locale/{code}/LC_MESSAGES/django.po"))}
        committed = {(e.msgctxt, e.msgid) for e in polib.pofile(str(BASE_DIR / f"locale/{code}/LC_MESSAGES/django.po"))}
        assert fresh - committed == set(), f"untranslated new strings for {code}: run `make messages`"


IDENTICAL_IN_KAZAKH = {
    ":?.!",
    ":",
    "…",
    ", ",
    "URL",
    "IPv4",
    "IPv6",
    "%(class_name)s %(instance)s",
    "%(truncated_text)s…",
}


@pytest.mark.parametrize("package", ["conf", "contrib/admin", "contrib/auth", "contrib/contenttypes"])
def test_django_own_strings_are_all_in_kazakh(package):
    """Django's kk catalog is incomplete; locale/django fills every gap users can meet."""
    import django

    english = polib.pofile(str(Path(django.__file__).parent / package / "locale/en/LC_MESSAGES/django.po"))
    untranslated = []
    with translation.override("kk"):
        for entry in english:
            if entry.obsolete or entry.msgid in IDENTICAL_IN_KAZAKH:
                continue
            if entry.msgid_plural:
                shown = (
                    translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 5)
                    if entry.msgctxt
                    else (translation.ngettext(entry.msgid, entry.msgid_plural, 5))
                )
                english_text = entry.msgid_plural
            else:
                shown = (
                    translation.pgettext(entry.msgctxt, entry.msgid)
                    if entry.msgctxt
                    else translation.gettext(entry.msgid)
                )
                english_text = entry.msgid
            if shown == english_text:
                untranslated.append(entry.msgid)
    assert untranslated == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_audit_log_pages_are_translated(client, settings, language):
    """django-auditlog ships no Kazakh or Russian: locale/django carries its strings."""
    from tests.factories import make_user

    client.force_login(make_user("admin"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(reverse("admin:auditlog_logentry_changelist")).content.decode()
    for english in ("Resource Type", "Correlation ID", "Resource", ">create<", ">update<"):
        assert english not in page, english
