"""Django settings. Everything a deployment changes comes from the environment.

DATABASE_URL       default: SQLite file under GIAMNGHEO_DATA_DIR (embedded mode)
GIAMNGHEO_DATA_DIR default: var/ of the checkout, or ~/.local/share/giamngheo when installed
GIAMNGHEO_DEBUG    "1" for development
GIAMNGHEO_SECRET_KEY, GIAMNGHEO_ALLOWED_HOSTS (comma-separated)
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
# Never the current directory: a command run from anywhere uses the same data.
_CHECKOUT = BASE_DIR.parent if (BASE_DIR.parent / "pyproject.toml").exists() else None
_DEFAULT_DATA = _CHECKOUT / "var" if _CHECKOUT else Path.home() / ".local" / "share" / "giamngheo"
DATA_DIR = Path(os.environ.get("GIAMNGHEO_DATA_DIR") or _DEFAULT_DATA).resolve()

DEBUG = os.environ.get("GIAMNGHEO_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("GIAMNGHEO_SECRET_KEY", "")  # see the production block at the end
ALLOWED_HOSTS = os.environ.get("GIAMNGHEO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves Swagger UI for /api/docs from its own static files (no CDN)
    "giamngheo.core",
    "giamngheo.areas",
    "giamngheo.accounts",
    "giamngheo.households",
    "giamngheo.standards",
    "giamngheo.reports",
    "giamngheo.targets",
    "giamngheo.reviews",
    "giamngheo.programs",
    "giamngheo.planning",
    "giamngheo.api",
    "giamngheo.fieldwork",
    "giamngheo.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses the body once every other middleware has written it.
    "giamngheo.core.middleware.CompressTextMiddleware",
    # Outside everything that may answer early (static files, refused NUL bytes, lockouts),
    # so every response carries the policy and the frame refusal.
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "giamngheo.core.middleware.RejectNulBytesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "giamngheo.urls"
WSGI_APPLICATION = "giamngheo.wsgi.application"

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
                "giamngheo.core.context_processors.navigation",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'giamngheo.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=60)
    if config["ENGINE"].endswith("sqlite3"):
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        }
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["giamngheo.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False  # group digits explicitly with |intcomma, so years and ids stay plain

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"

TASKS = {"default": {"BACKEND": os.environ.get("GIAMNGHEO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
CSRF_FAILURE_VIEW = "giamngheo.core.errors.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# --- Production: secret key, HTTPS, cookies, static manifest, ops app (see README "Production") ---
# A web server (giamngheo serve, runserver, any WSGI server on giamngheo.wsgi) refuses to start
# without a strong GIAMNGHEO_SECRET_KEY unless DEBUG is on; management commands and tests run with
# a placeholder that can sign nothing a browser will ever see.
UNSET_SECRET_KEY = "django-insecure-unset-giamngheo-secret-key"
if not SECRET_KEY:
    SECRET_KEY = UNSET_SECRET_KEY
HTTPS = os.environ.get("GIAMNGHEO_HTTPS", "0") == "1"  # the site is served over TLS (behind a proxy)
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probed over plain HTTP on the machine itself
    SECURE_HSTS_SECONDS = int(os.environ.get("GIAMNGHEO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
# The offline field app sends the CSRF token from the cookie: a page cached on the phone holds a stale
# one. An HttpOnly CSRF cookie protects nothing (Django's own documentation), so it stays readable.
CSRF_COOKIE_HTTPONLY = False
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("GIAMNGHEO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
STATIC_ROOT = Path(os.environ.get("GIAMNGHEO_STATIC_ROOT", STATIC_ROOT)).resolve()
STATIC_MANIFEST = STATIC_ROOT / "staticfiles.json"
STORAGES["staticfiles"] = {"BACKEND": "giamngheo.ops.storage.StaticStorage"}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST.exists()  # a checkout before collectstatic, tests
INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db"), "giamngheo.ops")  # its db_worker wins

# Imports: limits checked before a spreadsheet is read (giamngheo.core.sheets). They fit a
# province's real files: 100,000 households make a members sheet of ~356,000 rows and ~220 MB
# of sheet XML (a 22 MB .xlsx); reading one takes ~1 GB of memory at most at these limits.
GIAMNGHEO_IMPORT_MAX_MB = int(os.environ.get("GIAMNGHEO_IMPORT_MAX_MB", "50"))
GIAMNGHEO_SHEET_MAX_ROWS = int(os.environ.get("GIAMNGHEO_SHEET_MAX_ROWS", "1000000"))
GIAMNGHEO_SHEET_MAX_COLUMNS = int(os.environ.get("GIAMNGHEO_SHEET_MAX_COLUMNS", "60"))
GIAMNGHEO_SHEET_MAX_UNCOMPRESSED_MB = int(os.environ.get("GIAMNGHEO_SHEET_MAX_UNCOMPRESSED_MB", "500"))

# Documents attached to a review round (step documents, scanned meeting minutes): PDF, JPEG or PNG
# by content, at most this size, stored under MEDIA_ROOT and downloaded only through the round's
# area-scoped pages (never a public media URL). Kept this many years after the end of the round's
# year (docs/review-documents.md explains the choice); a closed round's documents cannot be deleted.
GIAMNGHEO_DOCUMENT_MAX_MB = int(os.environ.get("GIAMNGHEO_DOCUMENT_MAX_MB", "20"))
GIAMNGHEO_DOCUMENT_RETENTION_YEARS = int(os.environ.get("GIAMNGHEO_DOCUMENT_RETENTION_YEARS", "10"))
# Jobs that recover (giamngheo.core.recovery): a running job silent this long lost its worker
# and is shown as interrupted, with resume or retry and cancel.
GIAMNGHEO_JOB_SILENCE_SECONDS = int(os.environ.get("GIAMNGHEO_JOB_SILENCE_SECONDS", "300"))
# Households per batch of a classification run (one transaction, one beat): bounds its memory.
# Each batch reads the survey and member tables once, whole when its households are spread over
# the province's ids: a 1,000,000-household province (3 batches instead of 8) runs in 14 s
# instead of 17 s when spread, the same when numbered by commune; 0.85 GiB at peak, not 0.55.
GIAMNGHEO_RUN_BATCH_HOUSEHOLDS = int(os.environ.get("GIAMNGHEO_RUN_BATCH_HOUSEHOLDS", "350000"))

# Login throttling (django-axes): 5 failures lock the username and, separately, the
# address for 15 minutes; an administrator unlocks earlier in the admin (Axes: access
# attempts) or with `giamngheo axes_reset_username NAME`. Every attempt is kept there.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = [
    "giamngheo.accounts.backends.LoginThrottle",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("GIAMNGHEO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
API_TOKEN_FAILURE_LIMIT = 10  # wrong tokens from one address within 15 minutes before refusing it
GIAMNGHEO_API_TOKEN_DAYS = int(os.environ.get("GIAMNGHEO_API_TOKEN_DAYS", "90"))
GIAMNGHEO_CCCD_LOOKUPS_PER_HOUR = int(os.environ.get("GIAMNGHEO_CCCD_LOOKUPS_PER_HOUR", "300"))

# Content Security Policy (django-csp): scripts only from our own static files (no inline
# script, no eval); inline style attributes remain allowed (htmx and a few templates use them).
INSTALLED_APPS += ["csp"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
