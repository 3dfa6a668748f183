"""The one settings module of egov. Every value that differs between a laptop and
production is read from the environment here, and nowhere else.

Unset, the platform runs on SQLite in ``./var`` with files on disk, background
tasks in the database and e-mail written to the console: ``make demo`` needs
nothing running. Setting the variables below switches each part to its
production form (see README, "Configuration", and docs/operations.md).
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from egov.core.environ import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent
# Where the SQLite database and uploaded files live when nothing else is configured.
VAR_DIR = Path(env("EGOV_VAR_DIR", str(Path.cwd() / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("EGOV_DEBUG", False)
SECRET_KEY = env("EGOV_SECRET_KEY", "")
# Keys the audit trail's hash chain (falls back to the secret key); keep a copy off the
# database server, so a database alone cannot re-forge the chain.
EGOV_AUDIT_KEY = env("EGOV_AUDIT_KEY", "")
if not SECRET_KEY:
    if not DEBUG and env("EGOV_ENV", "development") == "production":
        raise ImproperlyConfigured("EGOV_SECRET_KEY must be set in production.")
    SECRET_KEY = "egov-development-only-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("EGOV_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("EGOV_CSRF_TRUSTED_ORIGINS", [])
# Public address of the platform, used in e-mails and in CRL distribution points.
SITE_URL = env("EGOV_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "egov.core",
    "egov.organizations",
    "egov.accounts",
    "egov.printing",
    # Before the apps whose demos sign with its certificates.
    "egov.signatures",
    "egov.procedures",
    "egov.dossiers",
    "egov.payments",
    "egov.documents",
    "egov.indicators",
    "egov.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "egov.core.i18n.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "egov.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "egov.core.middleware.RequestContextMiddleware",
    # Axes last: it answers locked-out logins itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "egov.urls"
WSGI_APPLICATION = "egov.wsgi.application"

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
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'egov.sqlite3'}"),
        conn_max_age=env_int("EGOV_DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: a transaction takes the write lock when it starts, so two
        # writers queue instead of failing with "database is locked" on upgrade.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory: the concurrency tests need several real connections.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-egov.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
    # Sessions read from the shared cache first (one query less per request); not with
    # a per-process cache, where a logged-out session would live on in other processes.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Authentication -----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "egov.accounts.validators.CharacterClassValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env_int("EGOV_SESSION_SECONDS", 8 * 3600)
SESSION_COOKIE_SECURE = env_bool("EGOV_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Lockout after repeated failures (django-axes): per account, not per IP, because
# a whole one-stop desk often sits behind one address.
AXES_FAILURE_LIMIT = env_int("EGOV_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("EGOV_LOGIN_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Locking by IP as well would lock a whole desk that shares one address (see above).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English")), ("km", _("Khmer"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ---------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("EGOV_STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("EGOV_MEDIA_ROOT", str(VAR_DIR / "media")))
if env("EGOV_STORAGE", "file") == "s3":
    # Any S3-compatible store (MinIO, Ceph, a cloud bucket). Private by default:
    # files are only handed out through views that check permissions.
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("EGOV_S3_BUCKET", "egov"),
            "endpoint_url": env("EGOV_S3_ENDPOINT_URL", "") or None,
            "access_key": env("EGOV_S3_ACCESS_KEY", ""),
            "secret_key": env("EGOV_S3_SECRET_KEY", ""),
            "region_name": env("EGOV_S3_REGION", "") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

# --- Background tasks -----------------------------------------------------------
# "db": the task table in our own database, worked by `egov db_worker` (default);
# "rq": Redis through django-tasks-rq, for several worker machines;
# "immediate": run in the request, for tests.
_tasks_backend = env("EGOV_TASKS_BACKEND", "db")
TASKS = {
    "default": {
        "BACKEND": {
            "db": "django_tasks_db.DatabaseBackend",
            "rq": "django_tasks_rq.RQBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[_tasks_backend],
    }
}
if _tasks_backend == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0"}}

# --- E-mail ----------------------------------------------------------------------
# EGOV_EMAIL_HOST set: real SMTP. Unset: mail is printed on the console.
EMAIL_HOST = env("EGOV_EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EGOV_EMAIL_PORT", 25)
    EMAIL_HOST_USER = env("EGOV_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = env("EGOV_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EGOV_EMAIL_TLS", False)
    EMAIL_USE_SSL = env_bool("EGOV_EMAIL_SSL", False)
    EMAIL_TIMEOUT = env_int("EGOV_EMAIL_TIMEOUT", 10)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("EGOV_EMAIL_FROM", "egov <no-reply@egov.localhost>")

# --- API -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # Lockout and second-factor aware, unlike DRF's own.
        "egov.accounts.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "egov.api.pagination.Pagination",
    "EXCEPTION_HANDLER": "egov.api.errors.exception_handler",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "egov API",
    "DESCRIPTION": "Open API of the provincial e-government platform.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package, not a CDN: no internet here.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have an inner ``Kind``; name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "AgencyKindEnum": "egov.organizations.models.Agency.Kind",
        "UserKindEnum": "egov.accounts.models.User.Kind",
        "CalendarDayKindEnum": "egov.core.calendar.models.CalendarDay.Kind",
        "PaymentStatusEnum": "egov.payments.models.Payment.Status",
        "CertificateStatusEnum": "egov.signatures.models.CertificateStatus",
    },
    "COMPONENT_SPLIT_REQUEST": True,
}

# Self-registration of citizens and businesses through the API, per client address.
EGOV_REGISTRATION_RATE = env("EGOV_REGISTRATION_RATE", "10/hour")

# How often a web process looks for calendar changes made by another process.
EGOV_CALENDAR_RECHECK_SECONDS = env_int("EGOV_CALENDAR_RECHECK_SECONDS", 5)

# --- Dossiers (docs/dossiers.md) ---------------------------------------------------------
EGOV_DOSSIER_LOOKUP_RATE = env("EGOV_DOSSIER_LOOKUP_RATE", "60/min")
EGOV_DOSSIER_FILE_MAX_BYTES = env_int("EGOV_DOSSIER_FILE_MAX_BYTES", 10 * 1024 * 1024)
# How many times a dossier may be sent back for supplementing (once, by default).
EGOV_DOSSIER_SUPPLEMENT_LIMIT = env_int("EGOV_DOSSIER_SUPPLEMENT_LIMIT", 1)

# --- Documents (docs/documents.md) -----------------------------------------------------
EGOV_DOCUMENTS_MAX_FILE_MB = env_int("EGOV_DOCUMENTS_MAX_FILE_MB", 30)
# Working days before a handling deadline that the reminder e-mail goes out.
EGOV_DOCUMENTS_REMIND_DAYS = env_int("EGOV_DOCUMENTS_REMIND_DAYS", 1)

# --- Indicators (docs/indicators.md) ---------------------------------------------------
# Minutes without progress after which a report being written counts as interrupted.
EGOV_REPORT_SILENT_MINUTES = env_int("EGOV_REPORT_SILENT_MINUTES", 15)

# --- Signatures (docs/signatures.md) ----------------------------------------------------
# The key-encryption key that seals every private key at rest; required in production.
EGOV_SIGNING_KEK = env("EGOV_SIGNING_KEK", "")
EGOV_SIGNING_KEY_ALGORITHM = env("EGOV_SIGNING_KEY_ALGORITHM", "rsa2048")
EGOV_SIGNING_CA_KEY_ALGORITHM = env("EGOV_SIGNING_CA_KEY_ALGORITHM", "rsa3072")
EGOV_SIGNING_CERT_YEARS = env_int("EGOV_SIGNING_CERT_YEARS", 3)
EGOV_TSA_POLICY_OID = env("EGOV_TSA_POLICY_OID", "")
EGOV_SIGNATURE_FONT = env("EGOV_SIGNATURE_FONT",
                          "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

# --- Online payment (VNPay 2.1.0 protocol; docs/payments.md) ---------------------------
# Unset merchant code and secret: payment is off. `make demo` points at the local gateway
# (`egov payment_gateway`) with demo credentials.
EGOV_PAYMENT_VNPAY_URL = env("EGOV_PAYMENT_VNPAY_URL", "http://127.0.0.1:8099/paymentv2/vpcpay.html")
EGOV_PAYMENT_VNPAY_TMN_CODE = env("EGOV_PAYMENT_VNPAY_TMN_CODE", "")
EGOV_PAYMENT_VNPAY_HASH_SECRET = env("EGOV_PAYMENT_VNPAY_HASH_SECRET", "")
EGOV_PAYMENT_VNPAY_ORDER_TYPE = env("EGOV_PAYMENT_VNPAY_ORDER_TYPE", "other")
EGOV_PAYMENT_EXPIRY_MINUTES = env_int("EGOV_PAYMENT_EXPIRY_MINUTES", 15)

# --- Province ----------------------------------------------------------------------
# The province this installation serves, by its GSO code (84 = Trà Vinh before 2025).
EGOV_PROVINCE_CODE = env("EGOV_PROVINCE_CODE", "84")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("EGOV_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pyhanko.sign.validation": {"level": "ERROR"},
    },
}
