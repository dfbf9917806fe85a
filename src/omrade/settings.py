"""Django settings, read from environment variables (see README)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("OMRADE_VAR_DIR", PROJECT_DIR / "var"))
# Real public data (boundaries, statistics) beside the project; the demo and tests read it.
SHARED_DATA_DIR = Path(os.environ.get("OMRADE_SHARED_DATA", PROJECT_DIR.parent / "shared" / "data"))
NODE_MODULES = Path(os.environ.get("OMRADE_NODE_MODULES", PROJECT_DIR / "node_modules"))


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("OMRADE_DEBUG", False)
SECRET_KEY = os.environ.get("OMRADE_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env_flag("OMRADE_REQUIRE_SECRET_KEY", False):
        raise RuntimeError("OMRADE_SECRET_KEY must be set in production")
    # Local runs and tests only; production sets OMRADE_SECRET_KEY.
    SECRET_KEY = "omrade-local-development-key-not-for-production"

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("OMRADE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("OMRADE_CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]
# Background map tiles (tenancy.tiles): unset, each country's default (Kartverket for Norway;
# Dataforsyningen with a token, else OpenStreetMap, for Denmark) unless the municipality names
# its own; a URL template for every municipality without its own; "none" for no tiles and no
# third-party requests at all (tests and CI).
TILE_URL = os.environ.get("OMRADE_TILE_URL", "")
DATAFORSYNINGEN_TOKEN = os.environ.get("OMRADE_DATAFORSYNINGEN_TOKEN", "").strip()
# Reverse proxies whose X-Forwarded-For the rate limits of anonymous writes believe.
OMRADE_TRUSTED_PROXIES = [
    address.strip()
    for address in os.environ.get("OMRADE_TRUSTED_PROXIES", "").split(",")
    if address.strip()
]
TILE_ATTRIBUTION = os.environ.get("OMRADE_TILE_ATTRIBUTION", "").strip()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "omrade.common",
    "omrade.tenancy",
    "omrade.areas",
    "omrade.programmes",
    "omrade.portfolio",
    "omrade.finance",
    "omrade.participation",
    "omrade.shell",
    "omrade.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "omrade.common.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "omrade.urls"
WSGI_APPLICATION = "omrade.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "omrade.shell.context_processors.shell",
                "omrade.areas.context_processors.areas",
            ],
        },
    },
]

# SQLite under var/ by default; PostgreSQL (or another SQLite file) when DATABASE_URL is set.
DATABASE_URL = os.environ.get("DATABASE_URL", "")


def sqlite_tuned(database: dict[str, Any]) -> dict[str, Any]:
    """Every SQLite database, however it is named, runs in WAL mode with a busy timeout and
    immediate transactions, so concurrent writers wait their turn instead of failing with
    "database is locked"."""
    options = dict(database.get("OPTIONS") or {})
    options.setdefault(
        "init_command",
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;",
    )
    options.setdefault("transaction_mode", "IMMEDIATE")
    # Each server thread keeps its connection (opening one costs ~1.4 ms: PRAGMAs and
    # Django's SQL functions); idle in WAL mode it holds no lock.
    return {**database, "OPTIONS": options, "CONN_MAX_AGE": 600}


DATABASES: dict[str, dict[str, Any]] = {
    "default": (
        dict(dj_database_url.parse(DATABASE_URL, conn_max_age=60))
        if DATABASE_URL
        else {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "omrade.sqlite3")}
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"] = sqlite_tuned(DATABASES["default"])

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "shell:start"  # one municipality: its "Mitt arbeid"; several: a choice
LOGOUT_REDIRECT_URL = "shell:home"

# Languages: bokmål is the default; Danish and English are complete.
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [Path(os.environ.get("OMRADE_LOCALE_DIR", PACKAGE_DIR / "locale"))]
USE_I18N = True
# Dates and numbers in each language's own format (localisation is always on in Django 5);
# English uses British day-month order (omrade/formats/en).
FORMAT_MODULE_PATH = ["omrade.formats"]
TIME_ZONE = "Europe/Oslo"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages from npm, served as they are: no bundler, no CDN.
STATICFILES_DIRS = [
    ("vendor/designsystemet", NODE_MODULES / "@digdir" / "designsystemet-css" / "dist"),
    ("vendor/inter", NODE_MODULES / "@fontsource" / "inter"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
]
STATICFILES_DIRS = [entry for entry in STATICFILES_DIRS if Path(entry[1]).is_dir()]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# E-mail to residents (feedback on ideas, confirmation links): sent through the SMTP server
# named by OMRADE_EMAIL_HOST. Without it nothing is sent and the notices stay in the outbox.
# OMRADE_SITE_URL is the public address the links in the e-mails start with.
OMRADE_SITE_URL = os.environ.get("OMRADE_SITE_URL", "").rstrip("/")
EMAIL_HOST = os.environ.get("OMRADE_EMAIL_HOST", "").strip()
OMRADE_EMAIL_ENABLED = bool(EMAIL_HOST)
EMAIL_USE_TLS = env_flag("OMRADE_EMAIL_TLS", False)  # STARTTLS, usually port 587
EMAIL_USE_SSL = env_flag("OMRADE_EMAIL_SSL", False)  # TLS from the start, usually port 465
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise RuntimeError("Set only one of OMRADE_EMAIL_TLS and OMRADE_EMAIL_SSL")
EMAIL_PORT = int(
    os.environ.get("OMRADE_EMAIL_PORT", "")
    or (465 if EMAIL_USE_SSL else 587 if EMAIL_USE_TLS else 25)
)
EMAIL_HOST_USER = os.environ.get("OMRADE_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("OMRADE_EMAIL_PASSWORD", "")
EMAIL_TIMEOUT = int(os.environ.get("OMRADE_EMAIL_TIMEOUT", "") or 10)  # seconds
DEFAULT_FROM_EMAIL = os.environ.get("OMRADE_EMAIL_FROM", "").strip() or "omrade@localhost"
if OMRADE_EMAIL_ENABLED and not os.environ.get("OMRADE_EMAIL_FROM", "").strip():
    raise RuntimeError("OMRADE_EMAIL_FROM must be set when OMRADE_EMAIL_HOST is")
if OMRADE_EMAIL_ENABLED and not OMRADE_SITE_URL:
    raise RuntimeError("OMRADE_SITE_URL must be set when OMRADE_EMAIL_HOST is (for the links)")
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and env_flag("OMRADE_HTTPS", False):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("OMRADE_LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 100

# --- Residents and logins: one answer per browser, flood protection, login throttling ---------
# (participation.core.abuse, tenancy.login_throttle; see README "How residents are kept to one
# answer"). The browser cookie middleware sets the first-party cookie that keeps a browser to
# one answer per survey; django-axes counts failed logins per account and per address.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += [
    "omrade.participation.core.abuse.BrowserCookieMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]
AUTHENTICATION_BACKENDS = [
    "omrade.tenancy.login_throttle.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "omrade.tenancy.login_throttle.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = int(os.environ.get("OMRADE_LOGIN_FAILURES_PER_ACCOUNT", "") or 5)
OMRADE_LOGIN_FAILURES_PER_ADDRESS = int(
    os.environ.get("OMRADE_LOGIN_FAILURES_PER_ADDRESS", "") or 30
)
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("OMRADE_LOGIN_COOLOFF_MINUTES", "") or 15))
AXES_CLIENT_IP_CALLABLE = "omrade.common.clients.client_address"
AXES_LOCKOUT_CALLABLE = "omrade.tenancy.login_throttle.lockout_response"
AXES_RESET_ON_SUCCESS = True  # the account's failures only (LoginThrottleHandler)
AXES_DISABLE_ACCESS_LOG = True  # successful logins are not kept
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failure, kept for the admin (/admin/axes/)
AXES_VERBOSE = False
