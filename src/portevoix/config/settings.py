"""Django settings, all read from environment variables (see ``.env.example``).

Defaults give the embedded set-up: SQLite in ``./var``, French interface, console e-mail.
"""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .env import (
    ConfigError,
    env_bool,
    env_int,
    env_list,
    env_secret,
    env_str,
    load_dotenv,
    parse_database_url,
)
from .storage import storages_from_env

PACKAGE_DIR = Path(__file__).resolve().parent.parent
try:
    # A .env file in the working directory, if any; real environment variables win.
    load_dotenv(Path(env_str("PORTEVOIX_ENV_FILE", str(Path.cwd() / ".env"))))
except ConfigError as error:
    print(f"Porte-voix configuration error: {error}", file=sys.stderr)
    raise SystemExit(2) from None
DATA_DIR = Path(env_str("PORTEVOIX_DATA_DIR", str(Path.cwd() / "var"))).resolve()


def _secret_key() -> str:
    configured = env_secret("SECRET_KEY")
    if configured:
        return configured
    # Embedded set-up: a random key kept beside the database, so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    try:
        if key_file.exists():
            return key_file.read_text(encoding="utf-8").strip()
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        key_file.write_text(key, encoding="utf-8")
        key_file.chmod(0o600)
        return key
    except OSError as error:
        raise ConfigError(
            f"SECRET_KEY is not set and {key_file} cannot be used ({error.strerror}). "
            "Set SECRET_KEY or PORTEVOIX_DATA_DIR to a writable folder."
        ) from None


try:
    DEBUG = env_bool("DEBUG", False)
    SECRET_KEY = _secret_key()
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
    DATABASES = {
        "default": parse_database_url(
            env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'portevoix.sqlite3'}"),
            base_dir=Path.cwd(),
        )
    }
    SECURE = env_bool("PORTEVOIX_HTTPS", False)
    BEHIND_PROXY = env_bool("PORTEVOIX_BEHIND_PROXY", False)
    HSTS_SECONDS = env_int("PORTEVOIX_HSTS_SECONDS", 60 * 60 * 24 * 365)
    HSTS_SUBDOMAINS = env_bool("PORTEVOIX_HSTS_SUBDOMAINS", True)
    HSTS_PRELOAD = env_bool("PORTEVOIX_HSTS_PRELOAD", True)
    SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
    # Login lockout: this many failed logins for one account from one address within the window
    # lock that account for that address for the lockout period (seconds).
    PORTEVOIX_LOGIN_MAX_FAILURES = env_int("PORTEVOIX_LOGIN_MAX_FAILURES", 5)
    PORTEVOIX_LOGIN_WINDOW = env_int("PORTEVOIX_LOGIN_WINDOW", 15 * 60)
    PORTEVOIX_LOGIN_LOCKOUT = env_int("PORTEVOIX_LOGIN_LOCKOUT", 15 * 60)
    # Questionnaire links: this many unusable links from one address within the window block
    # that address's link lookups for the lockout period.
    PORTEVOIX_TOKEN_MAX_FAILURES = env_int("PORTEVOIX_TOKEN_MAX_FAILURES", 20)
    PORTEVOIX_TOKEN_WINDOW = env_int("PORTEVOIX_TOKEN_WINDOW", 10 * 60)
    PORTEVOIX_TOKEN_LOCKOUT = env_int("PORTEVOIX_TOKEN_LOCKOUT", 10 * 60)
    # Uploads: the largest file accepted (MB) for each kind, and what Django keeps in memory.
    PORTEVOIX_MAX_UPLOAD_MB = {
        "evidence": env_int("PORTEVOIX_MAX_EVIDENCE_MB", 1024),
        "answers": env_int("PORTEVOIX_MAX_ANSWERS_MB", 20),
        "framework": env_int("PORTEVOIX_MAX_FRAMEWORK_MB", 2),
    }
    # Bearer token that opens /metrics (Prometheus); unset, the endpoint does not exist (404).
    PORTEVOIX_METRICS_TOKEN = env_secret("PORTEVOIX_METRICS_TOKEN") or ""
    LOG_FORMAT = env_str("PORTEVOIX_LOG_FORMAT", "text").strip().lower()
    if LOG_FORMAT not in ("text", "json"):
        raise ConfigError(f"PORTEVOIX_LOG_FORMAT={LOG_FORMAT!r}: use text or json.")
    DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
    FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
    # Uploads, generated reports and slide templates: the local disk, or S3-compatible object
    # storage shared by every web process and worker (portevoix.config.storage).
    STORAGES = storages_from_env()
except ConfigError as error:
    # A wrong setting stops start-up with one readable line, not a traceback.
    print(f"Porte-voix configuration error: {error}", file=sys.stderr)
    raise SystemExit(2) from None

INSTALLED_APPS = [
    # First, so that its registration/ templates (password change and reset) win over the admin's.
    "portevoix.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # its Swagger UI from the package's static files, not from a CDN (offline, CSP)
    "django_tasks",
    "django_tasks_db",
    "portevoix.tenancy",
    "portevoix.frameworks",
    "portevoix.assessments",
    "portevoix.usage",
    "portevoix.evidence",
    "portevoix.business_case",
    "portevoix.roadmap",
    "portevoix.reports",
    "portevoix.security",
    "portevoix.objections",
    "portevoix.backup",
    "portevoix.privacy",
]

MIDDLEWARE = [
    "portevoix.web.middleware.RequestMetricsMiddleware",  # first: times everything below
    "django.middleware.security.SecurityMiddleware",
    "portevoix.security.middleware.ContentSecurityPolicyMiddleware",
    "portevoix.security.middleware.PrivateDownloadsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portevoix.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portevoix.security.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "portevoix.config.urls"
WSGI_APPLICATION = "portevoix.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portevoix.web.context_processors.navigation",
            ],
        },
    }
]

# Argon2id first; older hashes are upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = ["portevoix.security.backends.LockoutModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: French first, English complete. The browser's Accept-Language is not
# consulted (see docs/decisions/0003-language-choice.md).
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "portevoix_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "static/"
# Static files are served by WhiteNoise straight from the apps, so no collectstatic is needed
# for the embedded set-up; a deployment may set STATIC_ROOT and run collectstatic.
STATIC_ROOT = env_str("STATIC_ROOT", "") or None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "media"
# Generated reports and slide templates: outside any served folder (read through a checked view).
PORTEVOIX_REPORTS_DIR = Path(env_str("PORTEVOIX_REPORTS_DIR", str(DATA_DIR / "reports")))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Address of this site in e-mails sent without a request (scheduled reminders).
PORTEVOIX_BASE_URL = env_str("PORTEVOIX_BASE_URL", "http://127.0.0.1:8000")
# How long an invitation link stays valid after it was sent (days).
PORTEVOIX_INVITATION_DAYS = env_int("PORTEVOIX_INVITATION_DAYS", 60)
# How long a link offering access to an organisation (a role) can be used.
PORTEVOIX_ACCESS_INVITATION_DAYS = env_int("PORTEVOIX_ACCESS_INVITATION_DAYS", 14)
# Retention defaults (days; 0 = never delete), which each organisation may change: uploaded
# export files kept after their import, invitations of closed campaigns, audit entries.
PORTEVOIX_RETENTION_UPLOAD_DAYS = env_int("PORTEVOIX_RETENTION_UPLOAD_DAYS", 30)
PORTEVOIX_RETENTION_INVITATION_DAYS = env_int("PORTEVOIX_RETENTION_INVITATION_DAYS", 90)
PORTEVOIX_RETENTION_AUDIT_DAYS = env_int("PORTEVOIX_RETENTION_AUDIT_DAYS", 1095)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Porte-voix <no-reply@localhost>")

# HTTPS (PORTEVOIX_HTTPS=true): redirect to HTTPS, HSTS, cookies sent over HTTPS only. Behind a
# reverse proxy that terminates TLS, PORTEVOIX_BEHIND_PROXY=true trusts its X-Forwarded-Proto and
# X-Forwarded-For headers (only set it when the proxy overwrites them).
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = HSTS_SECONDS if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE and HSTS_SUBDOMAINS
SECURE_HSTS_PRELOAD = SECURE and HSTS_PRELOAD
# Leaving the preload list out is a deliberate choice of the operator, not an oversight.
SILENCED_SYSTEM_CHECKS = [] if HSTS_PRELOAD else ["security.W021"]
# Probed and scraped over plain HTTP on the node itself (the token still guards /metrics).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
LANGUAGE_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: everything from this site only, no inline script or style
# (portevoix.security.middleware; docs/decisions/0011-security.md).
PORTEVOIX_CSP = env_str(
    "PORTEVOIX_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # PORTEVOIX_LOG_FORMAT=json: one JSON object per line, for a log collector.
    "formatters": {"json": {"()": "portevoix.config.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
