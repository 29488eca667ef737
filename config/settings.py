"""Settings for the course site, read from environment variables.

Every variable is documented in README.md. Defaults suit one machine
(a SQLite file beside manage.py); production sets ``SECRET_KEY``,
``ALLOWED_HOSTS`` and usually ``DATABASE_URL`` pointing at PostgreSQL.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)


def _local_secret_key(path: Path) -> str:
    """A random key kept beside the code, so a one-machine install needs no setup.

    Several app servers must share one key: set SECRET_KEY for them instead.
    """
    try:
        if not path.exists():
            path.touch(mode=0o600)
            path.write_text(get_random_secret_key())
        return path.read_text().strip()
    except OSError as error:
        raise ImproperlyConfigured(f"Set SECRET_KEY: cannot keep a key in {path} ({error.strerror}).") from None


SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret_key(BASE_DIR / ".secret_key")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "auditlog",
    "courses",
    "quizzes",
    "glossary",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the request: oversized bodies and control characters get a 4xx.
    "config.middleware.RequestLimitsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
if env.bool("REPORT_QUERY_COUNT", default=False):
    # For load tests: each response says how many SQL queries it ran (X-DB-Queries).
    MIDDLEWARE.insert(0, "config.middleware.QueryCountHeaderMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: one for all apps. SQLite file by default, PostgreSQL in production.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# A classroom submits at the same moment: WAL lets readers run beside the
# writer, IMMEDIATE transactions take the write lock up front (no deadlocked
# lock upgrades), and the busy timeout queues writers instead of failing with
# "database is locked". Django turns foreign keys on by itself.
SQLITE_OPTIONS = {
    "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Server-side cursors (QuerySet.iterator) are used only by exports that read
    # every row: plan them for the whole result, not PostgreSQL's default of the
    # first 10 % (which picks nested loops and made a 5,000-student export 25× slower).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c cursor_tuple_fraction=1.0")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def redis_caches(url: str) -> dict:
    """The Redis cache for REDIS_URL; a function so the outage tests use exactly this, at a dead address."""
    return {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1, "IGNORE_EXCEPTIONS": True},
        }
    }


# Cache: rendered lecture HTML with glossary links. Memory of each process by
# default; Redis when REDIS_URL is set, shared by every worker and app server.
# Losing Redis costs speed only: django-redis logs and ignores its errors, so a
# cache read is a miss, and sessions (cached_db) fall back to the database.
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = redis_caches(REDIS_URL)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "course-site"}}
# Read by django-redis only (harmless otherwise): each ignored error is logged, with its traceback, here.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "config.cache"
# Sessions are read from the cache and written through to the database: an exam
# start's thousands of autosaves do not read the session table.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "courses.User"
PASSWORD_HASHERS = [
    # Argon2id with OWASP's parameters; older PBKDF2 hashes still verify and are upgraded at the next login.
    "courses.hashers.Argon2idPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling (courses/throttling.py). Failures pause sign-in for an account
# only on devices that have never signed in to it: a device that has (it holds
# a signed device cookie) keeps its own, separate count, so nobody can lock a
# user out by typing wrong passwords under their name.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
# Wrong passwords from one address, over all usernames, before new devices there are paused
# (password spraying). High, because a whole campus can share one NAT address.
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=100)
LOGIN_PAUSE = timedelta(minutes=env.int("LOGIN_PAUSE_MINUTES", default=15))
DEVICE_COOKIE_NAME = "device"
DEVICE_COOKIE_AGE = timedelta(days=365)
# Wrong join codes per user and per address before joining is paused.
JOIN_CODE_FAILURE_LIMIT = env.int("JOIN_CODE_FAILURE_LIMIT", default=10)
# Reverse proxies in front of the app that append to X-Forwarded-For (docs/deploy.md).
# 0: the client address is REMOTE_ADDR and X-Forwarded-For is ignored, as it can be forged.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)

# Internationalisation: Kazakh first, Russian and English on request.
LANGUAGE_CODE = "kk"
LANGUAGES = [
    ("kk", "Қазақша"),
    ("ru", "Русский"),
    ("en", "English"),
]
LOCALE_PATHS = [
    BASE_DIR / "locale",
    # Kazakh for Django's own strings that its kk catalog leaves in English.
    BASE_DIR / "locale" / "django",
]
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Almaty")

# Static files: vendored Bootstrap, served by whitenoise with hashed names.
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "media/"

# Seconds after a quiz deadline in which an answer still counts (network lag, slow phones).
QUIZ_GRACE_SECONDS = env.int("QUIZ_GRACE_SECONDS", default=30)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. Strict by default outside DEBUG; an HTTP-only campus install can
# relax the TLS settings explicitly (see README).
_TLS = not DEBUG
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=_TLS)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=_TLS)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=_TLS)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000 if _TLS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=_TLS)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=_TLS)
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
# Scripts only from our own files: no inline scripts, no eval. Page data reaches
# scripts through json_script. The admin's widgets still set inline styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Request size: refused with 413 before the body is read (the proxy should refuse
# larger ones first: client_max_body_size in docs/deploy.md).
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_MB", default=12) * 1024 * 1024
# Form fields (not files) kept in memory at most; Django answers larger ones with 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
