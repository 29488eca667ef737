import pytest

from tests.factories import make_user


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Serve static URLs unhashed: tests do not run collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def teacher(db):
    return make_user("teacher", username="teacher", full_name="Сәрсенбаева Гүлнар")


@pytest.fixture
def student(db):
    return make_user("student", username="student", full_name="Әлиев Нұрлан")


@pytest.fixture
def student_client(client, student):
    client.force_login(student)
    return client


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client


@pytest.fixture
def seed_lecture() -> bytes:
    """The user's own lecture, as shipped with the demo course."""
    from courses.demo import DEMO_LECTURE

    return DEMO_LECTURE.read_bytes()


@pytest.fixture
def english(settings):
    """Run in English, for asserting on message wording; Kazakh output is covered by the i18n tests."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def english_client(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
