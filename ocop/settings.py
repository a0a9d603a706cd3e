"""Settings, driven by environment variables (see docs/operations.md).

The defaults give a working demo on the embedded SQLite database; production sets
DATABASE_URL (PostgreSQL), SECRET_KEY, DEBUG=0 and ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-demo-key-change-me-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Where the embedded database, uploads and collected static files live.
VAR_DIR = Path(os.environ.get("OCOP_VAR_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "django_htmx",
    "ocop.core",
    # Personal data register, access journal, export and erasure (Nghị định 13/2023).
    "ocop.privacy",
    "ocop.territory",
    "ocop.accounts",
    "ocop.producers",
    "ocop.products",
    "ocop.criteria",
    "ocop.notifications",
    "ocop.evaluation",
    "ocop.councils",
    "ocop.certificates",
    "ocop.monitoring",
    "ocop.ideas",
    "ocop.business_plans",
    "ocop.support",
    "ocop.promotion",
    "ocop.planning",
    "ocop.catalogue",
    # On top of every app: the synthetic national register for the benchmark.
    "ocop.national",
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
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
]

ROOT_URLCONF = "ocop.urls"
WSGI_APPLICATION = "ocop.wsgi.application"

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
                "ocop.accounts.context_processors.navigation",
            ],
        },
    },
]

# SQLite by default (zero setup); PostgreSQL in production and CI via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'ocop.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
# PostgreSQL connections (docs/operations.md §5): with DATABASE_POOL=N each server process
# keeps a pool of at most N open connections shared by its threads (gunicorn.conf.py sets N
# to the number of threads), instead of connecting on every request. A pool and
# CONN_MAX_AGE exclude each other, so the pool wins when both are set.
DATABASE_POOL = int(os.environ.get("DATABASE_POOL", "0"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DATABASE_POOL > 0:
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DATABASE_POOL,
        # A request waits this long for a free connection before failing (503 rather than
        # hanging); the pool also replaces connections older than max_lifetime.
        "timeout": 10,
        "max_lifetime": 1800,
    }
if "DATABASE_URL" not in os.environ:
    # The embedded database lives inside the project; a fresh clone has no var/ yet.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the
    # start of a transaction so concurrent writers queue instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "ocop.accounts.validators.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: after this many failures for one username or one address within the
# window, further attempts are refused until the window passes.
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# Day-first input formats for typed dates (Django's "vi" locale has none): ocop/formats/vi.
FORMAT_MODULE_PATH = ["ocop.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end libraries come from npm (package-lock.json) and are served from node_modules;
# nothing third-party is committed and nothing loads from a CDN.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    # The map's built-in base when no tile server is reachable (docs/catalogue.md).
    ("vendor/topojson-client", NODE_MODULES / "topojson-client" / "dist"),
    ("vendor/world-atlas", NODE_MODULES / "world-atlas"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names + gzip/Brotli copies; whitenoise serves hashed files with a one-year,
    # immutable Cache-Control (ocop/core/storage.py, docs/catalogue.md).
    "staticfiles": {"BACKEND": "ocop.core.storage.StaticFilesStorage"},
}
# Source maps are read by developer tools only: compressing them (Bootstrap's are several
# megabytes) would make every collectstatic much slower for nobody.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    "jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br", "swf", "flv",
    "woff", "woff2", "3gp", "3gpp", "asf", "avi", "m4v", "mov", "mp4", "mpeg", "mpg", "webm", "wmv", "map",
)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Non-public uploads (evidence, attachments), never served directly (ocop/core/storage.py);
# unset = `private-media` beside MEDIA_ROOT.
OCOP_PRIVATE_MEDIA_ROOT = os.environ.get("OCOP_PRIVATE_MEDIA_ROOT") or None

# Upload limits (bytes). Images for product photos; documents for dossiers.
MAX_IMAGE_UPLOAD_BYTES = int(os.environ.get("MAX_IMAGE_UPLOAD_BYTES", str(5 * 1024 * 1024)))
MAX_DOCUMENT_UPLOAD_BYTES = int(os.environ.get("MAX_DOCUMENT_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-free meta tag instead
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
}

# E-mail is optional: without EMAIL_HOST, messages are written to the log (console backend)
# and notifications stay in-app only.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", "587")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# Notifications are always in-app; they are also e-mailed when a mail server is configured.
OCOP_EMAIL_NOTIFICATIONS = env_bool("OCOP_EMAIL_NOTIFICATIONS", bool(os.environ.get("EMAIL_HOST")))
# Absolute address of the site, for links in e-mails, QR codes and documents.
OCOP_SITE_URL = os.environ.get("OCOP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ocop@localhost")

# The cache is shared by every server process (`make run` starts two), so that invalidating
# the public catalogue in one process invalidates it for all: files under var/ by default,
# or Redis/Memcached set in a deployment's settings (docs/operations.md).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(Path(os.environ.get("OCOP_CACHE_DIR", VAR_DIR / "cache"))),
    },
    # Ready product cards and API objects of the public lists (ocop/catalogue/cards.py),
    # kept in each process; the least recently used are dropped past MAX_ENTRIES.
    "catalogue_cards": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "catalogue-cards",
        "OPTIONS": {"MAX_ENTRIES": 4000, "CULL_FREQUENCY": 4},
    },
    "catalogue_api": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "catalogue-api",
        "OPTIONS": {"MAX_ENTRIES": 1500, "CULL_FREQUENCY": 4},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Lists show this many rows a page.
PAGE_SIZE = int(os.environ.get("PAGE_SIZE", "25"))

# The legal source texts the criteria parser reads (kept in the shared reference folder).
OCOP_REFERENCE_DIR = Path(
    os.environ.get("OCOP_REFERENCE_DIR", BASE_DIR.parent / "shared" / "reference")
)

# Public catalogue map: the tile server is a setting so that a province can use its own
# (production: self-hosted tiles, docs/operations.md). Empty, or unreachable from the
# visitor's browser, the map draws its built-in light base (country outlines served by
# this site) instead.
OCOP_MAP_TILE_URL = os.environ.get("OCOP_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
OCOP_MAP_TILE_ATTRIBUTION = os.environ.get(
    "OCOP_MAP_TILE_ATTRIBUTION", "© Những người đóng góp OpenStreetMap"
)
if OCOP_MAP_TILE_URL:
    # Map tiles are images from the configured server: allow that origin and nothing else.
    from urllib.parse import urlsplit

    _tiles = urlsplit(OCOP_MAP_TILE_URL)
    SECURE_CSP["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")
# Public pages and API answers are cached this many seconds and dropped when data change.
OCOP_CATALOGUE_CACHE_SECONDS = int(os.environ.get("OCOP_CATALOGUE_CACHE_SECONDS", "300"))
# Product cards and filter lists built once per data version and kept this long in each
# server process (ocop/catalogue/cards.py); 0 builds them on every request.
OCOP_CATALOGUE_MEMO_SECONDS = int(os.environ.get("OCOP_CATALOGUE_MEMO_SECONDS", "300"))
