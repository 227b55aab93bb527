"""Settings for Yhdessä, read from the environment (see .env.example and the README's table).

The embedded default (no variables set) runs on a SQLite file, sends e-mail into the local
mailbox folder var/mail/ and queues Celery tasks through the filesystem transport, so that the
one-command start needs no external server. Production sets DEBUG=false and must then name
SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL: a missing one stops start-up.
"""

import os
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
# The demo that scripts/run serves: production mode (DEBUG=false, the site's own error pages, hashed
# static files through WhiteNoise) on this machine only. It provides what production would be given: a
# secret generated once into var/secret_key, the hosts 127.0.0.1 and localhost, plain http (no https
# redirect, no secure-only cookies, no HSTS) and the SQLite default database. Never set it on a server.
LOCAL_DEMO = env.bool("LOCAL_DEMO", default=False)
LOCAL_DEMO_HOSTS = ["127.0.0.1", "localhost"]


def _local_demo_secret_key() -> str:
    """var/secret_key, written once (readable by its owner only) by whichever process comes first."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


if DEBUG:
    SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production-0123456789abcdef")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
elif LOCAL_DEMO:
    SECRET_KEY = env("SECRET_KEY", default="") or _local_demo_secret_key()
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=LOCAL_DEMO_HOSTS)
    if not set(ALLOWED_HOSTS) <= {*LOCAL_DEMO_HOSTS, "testserver"}:
        raise ImproperlyConfigured("LOCAL_DEMO serves 127.0.0.1 and localhost only: unset it on a server.")
else:
    SECRET_KEY = env("SECRET_KEY")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# How many reverse proxies of ours stand in front and append to X-Forwarded-For (0: the header is not
# believed; the client address is REMOTE_ADDR). Used for the sign-in lockout (core/lockout.py).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# The admin (platform superusers only) lives under a path of your choosing; without DEBUG it is
# switched off unless ADMIN_URL names one.
ADMIN_URL = env("ADMIN_URL", default="admin/" if DEBUG else "").strip("/")
ADMIN_URL = f"{ADMIN_URL}/" if ADMIN_URL else ""

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "axes",
    "django_htmx",
    "csp",
    "core",
    "schools",
    "notifications",
    "audit",
    "roles",
    "groups",
    "yearclock",
    "reports",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Headers first, so that every response gets them, also one refused by a later middleware.
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and authentication read anything of the request.
    "core.middleware.RequestGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "schools.middleware.UserLanguageMiddleware",
    "schools.middleware.MunicipalityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A view's bare 405 (a POST-only address opened in the browser) as the site's page, in the layout.
    "core.middleware.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that a locked-out login attempt never reaches the view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "schools.context_processors.tenancy",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# Production names its database; only the development default falls back to a local SQLite file.
_DEV_DATABASE = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
_LOCAL = DEBUG or LOCAL_DEMO
DATABASES = {"default": env.db("DATABASE_URL", default=_DEV_DATABASE if _LOCAL else environ.Env.NOTSET)}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if _LOCAL else 60)
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the Celery worker and the web process write the same file without "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Sessions read from the cache and written through to the database: with Redis, a signed-in page
# costs no session query (and no session is lost when Redis restarts). Local memory is per process, so
# the embedded default keeps plain database sessions.
# Rendered pages cached per person until their municipality's data changes (core/page_cache.py).
# Needs a cache every process shares: on by default with Redis, off with the per-process memory cache.
PAGE_CACHE = env.bool("PAGE_CACHE", default=bool(REDIS_URL))
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)

AUTH_USER_MODEL = "schools.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Invitation links are set-password links: a week to accept, as a reset link would be.
PASSWORD_RESET_TIMEOUT = 7 * 24 * 3600

# django-axes, counting by the normalised e-mail address (core/lockout.py explains the two counts):
# AXES_FAILURE_LIMIT failures lock the (address, client IP) pair, AXES_USERNAME_FAILURE_LIMIT failures
# from any number of IPs lock the address everywhere; both for 15 minutes after the last failure.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_USERNAME_FAILURE_LIMIT = env.int("AXES_USERNAME_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_HANDLER = "core.lockout.TieredLockoutHandler"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "core.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "core.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
# A failure while locked neither counts nor extends the lock: one network cannot drive the
# address-wide count past its own pair limit.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if _LOCAL
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Development and the local demo: WhiteNoise serves the files from the app folders as they are (no
# collectstatic); production serves the collected, hashed ones.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = _LOCAL
MEDIA_ROOT = VAR_DIR / "media"

# E-mail: the embedded default writes every message as a file into var/mail/ (a local mailbox);
# EMAIL_URL=smtp://user:pass@host:587 (or smtp+tls://) sends through a real SMTP server.
EMAIL_URL = env("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
# Seconds an SMTP connection may wait for the server: a hung server must not hold a sender's claim.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Yhdessä <noreply@yhdessa.example>")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Failed attempts (with growing pauses) before a notification is set aside as failed.
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=5)

# Celery: Redis when CELERY_BROKER_URL (or REDIS_URL) is set; otherwise the filesystem transport,
# so the embedded default still runs a real worker (started by scripts/run) with no server.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
if CELERY_BROKER_URL == "filesystem://":
    _queue = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "store_processed": False,
        # Exchange bindings: without this kombu writes them to ./control relative to the working directory.
        "control_folder": str(VAR_DIR / "celery" / "control"),
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    "send-due-notifications": {"task": "notifications.tasks.send_due_notifications", "schedule": 300.0},
    # Every morning at 7 (CELERY_TIMEZONE): one summary e-mail per person who chose it.
    "send-daily-digests": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    "queue-roles-deadline-reminders": {"task": "roles.tasks.queue_deadline_reminders", "schedule": 900.0},
    # Daily before 7: the month's yearclock digests (scheduled once per person and month, due at 7).
    "schedule-yearclock-month-digests": {
        "task": "yearclock.tasks.schedule_month_digests",
        "schedule": crontab(hour=6, minute=30),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
        "core.filters.BoundedSearchFilter",
    ],
    # JSON bodies: finite numbers, 64-bit integers, at most 64 levels deep (else 400, not 500).
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    # Services raise Django ValidationError/PermissionDenied: answered as 400/403 like DRF's own.
    "EXCEPTION_HANDLER": "core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Yhdessä API",
    "DESCRIPTION": "Communal student welfare: schools, school years, staff assignments, the role catalog, "
    "each school's roles tool with its practical acts, and the communal wellbeing groups with their "
    "members, meetings, agendas, minutes and action items. "
    "Every request is scoped to one municipality: the session's active one, or for token clients "
    "the X-Municipality header (id) when the user serves several.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files: no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two choice sets share the field name "kind": name their enums after the domain.
    "ENUM_NAME_OVERRIDES": {
        "SchoolKindEnum": "schools.models.SchoolKind",
        "HolidayKindEnum": "schools.models.HolidayKind",
        "RoleKeyEnum": "roles.models.RoleKey",
        "StageEnum": "schools.models.Stage",
        "LanguageEnum": "schools.models.Language",
        "SchoolLanguageEnum": "schools.api.SCHOOL_LANGUAGES",
        "MemberKindEnum": "groups.models.MemberKind",
        "MeetingStateEnum": "groups.models.MeetingState",
        "MinutesStateEnum": "groups.models.MinutesState",
        "ActionStatusEnum": "groups.models.ActionStatus",
        "AttendanceStatusEnum": "groups.models.AttendanceStatus",
        "ToolStateEnum": "roles.models.ToolState",
        "EntryStatusEnum": "yearclock.models.EntryStatus",
        "EntrySourceEnum": "yearclock.models.EntrySource",
        "EvaluationSourceEnum": "yearclock.models.EvaluationSource",
    },
}

# Errors outside DRF's views (refused by middleware, unknown /api/ URLs, unexpected exceptions)
# are answered as JSON under this prefix (core/error_views.py).
API_PATH_PREFIX = "/api/"

# Content-Security-Policy (django-csp): our own scripts and styles only, no inline code, nothing
# framed. The Swagger UI page adds what it needs for itself (config/api_urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features no page of ours uses, off for our pages and anything they might embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if not DEBUG and not LOCAL_DEMO:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (4xx) is one line; a 5xx keeps its traceback (core/logging.py).
    "filters": {"one_line_client_errors": {"()": "core.logging.OneLineClientErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["one_line_client_errors"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"filters": ["one_line_client_errors"]},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
