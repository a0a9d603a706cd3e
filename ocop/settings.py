"""Settings, driven by environment variables (see docs/operations.md).

The defaults give a working demo on the embedded SQLite database; production sets
DATABASE_URL (PostgreSQL), SECRET_KEY, DEBUG=0 and ALLOWED_HOSTS.
"""

import os
import warnings
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
    # Login protection (ocop/signin): lockouts per (username, address), one-time codes.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Background work: Django's task framework with its database backend, and the cron-style
    # scheduler that queues periodic tasks (docs/jobs.md).
    "django_tasks_db",
    "crontask",
    "ocop.core",
    # Personal data register, access journal, export and erasure (Nghị định 13/2023).
    "ocop.privacy",
    "ocop.territory",
    "ocop.accounts",
    "ocop.producers",
    "ocop.products",
    "ocop.criteria",
    "ocop.notifications",
    "ocop.signin",
    "ocop.jobs",
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
    # Hardening (docs/security.md): an oversized body is refused before anything reads it;
    # a locked or lost database gives the Vietnamese 503 page.
    "ocop.core.limits.RequestSizeMiddleware",
    "ocop.core.faults.DatabaseFaultMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Per-client limits on the API, search and exports (after authentication: officers are
    # counted per account, visitors per address).
    "ocop.core.throttle.ThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "ocop.signin.middleware.TwoFactorMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # After authentication: sees the whole response of a login that axes refused.
    "axes.middleware.AxesMiddleware",
    # Last: the view of a POST runs in one transaction (ocop/core/faults.py).
    "ocop.core.faults.AtomicWritesMiddleware",
    # Last: runs public GET views on the read replica when one is configured (ocop/core/replica.py).
    "ocop.core.replica.ReplicaMiddleware",
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
    from psycopg_pool import ConnectionPool as _ConnectionPool

    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DATABASE_POOL,
        # A request waits this long for a free connection before failing (503 rather than
        # hanging); the pool also replaces connections older than max_lifetime.
        "timeout": 10,
        "max_lifetime": 1800,
        # Each connection is checked (one empty query) when a request takes it: after a
        # database restart, the pool's stale connections are replaced instead of failing one
        # request each (tests/test_database_restart.py).
        "check": _ConnectionPool.check_connection,
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters travel apart from the SQL text (server-side binding), so a query has the
    # same text for every product code or search and psycopg prepares it on the server
    # after a few runs: PostgreSQL then plans a page's joins once per connection, not on
    # every request (about a third of a product page's time at national size,
    # docs/performance.md). DATABASE_SERVER_SIDE_BINDING=0 goes back to client-side binding.
    if os.environ.get("DATABASE_SERVER_SIDE_BINDING", "1") == "1":
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True,
            # Django turns psycopg's prepared statements off (for PgBouncer's transaction
            # mode, which this project does not use): a query is prepared on its 3rd run.
            prepare_threshold=int(os.environ.get("DATABASE_PREPARE_THRESHOLD", "3")),
        )
if "DATABASE_URL" not in os.environ:
    # The embedded database lives inside the project; a fresh clone has no var/ yet.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the
    # start of a transaction so concurrent writers queue instead of failing mid-way.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # Seconds a writer waits for the lock; then the visitor gets the 503 page
        # (ocop/core/faults.py) rather than a request hanging on.
        "timeout": int(os.environ.get("SQLITE_TIMEOUT", "20")),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked (username, address) pair before any password is checked.
    "axes.backends.AxesStandaloneBackend",
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

# --- Login protection (ocop/signin, docs/security.md) ---------------------------------
# django-axes counts failures per (username, client address) pair, never per address or
# per username alone, so a guesser can neither lock other users out nor lock a user out of
# their own office. LOGIN_MAX_FAILURES failures within LOGIN_LOCKOUT_SECONDS lock the pair
# for LOGIN_LOCKOUT_SECONDS; each attempt while locked doubles the lock, up to
# LOGIN_LOCKOUT_MAX_SECONDS (ocop/signin/lockout.py).
LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_SECONDS", "900"))
LOGIN_LOCKOUT_MAX_SECONDS = int(os.environ.get("LOGIN_LOCKOUT_MAX_SECONDS", "86400"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = "ocop.signin.lockout.failure_limit"
AXES_COOLOFF_TIME = "ocop.signin.lockout.cool_off"
# Each counter row expires on its own (its pair's back-off), not at one site-wide age.
AXES_USE_ATTEMPT_EXPIRATION = True
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ocop.signin.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "ocop.core.requests.client_ip"
# The login history is ocop.signin.LoginEvent; axes keeps only its counters.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated,
# e.g. "127.0.0.1,10.0.0.0/24"). Empty: the header is ignored and the peer address is the
# client. Only list proxies that overwrite or append to the header (ocop/core/requests.py).
OCOP_TRUSTED_PROXIES = env_list("OCOP_TRUSTED_PROXIES", "")
# Two-factor authentication (TOTP) is compulsory for province officers, council members and
# administrators (ocop/signin/policy.py). Switch off only for a local demo.
OCOP_TWO_FACTOR_REQUIRED = env_bool("OCOP_TWO_FACTOR_REQUIRED", True)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "OCOP")

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
    # Files nobody may fetch by address (job results): downloaded through permission-checked
    # views only (ocop/core/storage.py).
    "private": {"BACKEND": "ocop.core.storage.PrivateStorage"},
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
    # Not a development backend: a deployment without a mail server is supported (docs/
    # operations.md §3, docs/security.md), and its messages go to the log (logger ocop.mail).
    MAILERS = {"default": {"BACKEND": "ocop.core.mail.LogEmailBackend"}}
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
        # Django's default (300 files) is less than the pages a province's visitors read
        # (each product page is one entry): past it the cache deletes a third of itself at
        # every new entry, so product pages were never found again. Each new entry lists
        # the folder, so this stays in the thousands; a national site uses Redis (REDIS_URL).
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("OCOP_CACHE_MAX_ENTRIES", "5000"))},
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
    # Signing (ocop/core/signing.py) embeds the validation data it has and fetches none unless
    # OCOP_SIGNING_ALLOW_FETCHING is set, which pyHanko warns about on every document; the
    # font subsetter notes each table it leaves whole. Both are expected, not problems.
    "loggers": {
        "pyhanko": {"level": os.environ.get("OCOP_SIGNING_LOG_LEVEL", "ERROR")},
        "fontTools": {"level": "ERROR"},
    },
}
# pyHanko imports cryptography's DSA key class (for old signatures it can still read); the
# deprecation notice is about DSA keys, which this project never makes.
warnings.filterwarnings("ignore", message="DSA is deprecated")

# Lists show this many rows a page.
PAGE_SIZE = int(os.environ.get("PAGE_SIZE", "25"))

# The legal source texts the criteria parser reads (kept in the shared reference folder).
OCOP_REFERENCE_DIR = Path(
    os.environ.get("OCOP_REFERENCE_DIR", BASE_DIR.parent / "shared" / "reference")
)

# -- Digital signatures of issued documents (docs/signing.md) ---------------------------------
# The issuing body's key: a PKCS#12 file, or a PKCS#11 token (module path; the token label,
# PIN and key/certificate labels come from OCOP_SIGNING_PKCS11_* variables read when signing).
# Neither set: the demo key `ocop_demo` writes into the private store, if any.
OCOP_SIGNING_PKCS12 = os.environ.get("OCOP_SIGNING_PKCS12", "")
OCOP_SIGNING_PKCS12_PASSWORD = os.environ.get("OCOP_SIGNING_PKCS12_PASSWORD", "")
OCOP_SIGNING_PKCS11_MODULE = os.environ.get("OCOP_SIGNING_PKCS11_MODULE", "")
# Root certificates a signature must chain to (PEM/DER files, comma-separated), and CRL files
# to embed as long-term validation data.
OCOP_SIGNING_TRUST_ROOTS = os.environ.get("OCOP_SIGNING_TRUST_ROOTS", "")
OCOP_SIGNING_CRLS = os.environ.get("OCOP_SIGNING_CRLS", "")
# RFC 3161 timestamping authority; empty = no timestamp (the signing time is the server's).
OCOP_SIGNING_TSA_URL = os.environ.get("OCOP_SIGNING_TSA_URL", "")
# Let validation fetch OCSP/CRL over the network (off: intranet deployments).
OCOP_SIGNING_ALLOW_FETCHING = env_bool("OCOP_SIGNING_ALLOW_FETCHING", False)
# A TrueType font with Vietnamese glyphs for the visible signature block.
OCOP_SIGNING_FONT = os.environ.get("OCOP_SIGNING_FONT", "")

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

# == Hardening: HTTPS, request size, throttling, uploads, database faults ==================
# (docs/security.md lists each threat, its protection and the test that proves it.)

# HTTPS by default whenever DEBUG is off (docs/operations.md §5). `make run`, the benchmarks
# and the tests talk plain HTTP to 127.0.0.1 and set OCOP_HTTPS=0.
OCOP_HTTPS = env_bool("OCOP_HTTPS", not DEBUG)
if OCOP_HTTPS:
    SECURE_SSL_REDIRECT = True
    # Load balancers and the workers' warm-up ask for /healthz over plain HTTP inside the
    # host: answered, not redirected.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # One year; includeSubDomains and preload as the HSTS preload list asks. Lower
    # SECURE_HSTS_SECONDS (e.g. 3600) for the first days of a new deployment.
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The documented proxy (nginx) terminates TLS and sets X-Forwarded-Proto itself; gunicorn
    # listens on 127.0.0.1 only, so no client can send this header past the proxy.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Django's default is a year. A form page renews the cookie, so a working day is enough.
CSRF_COOKIE_AGE = int(os.environ.get("CSRF_COOKIE_AGE", str(8 * 3600)))
SECURE_REFERRER_POLICY = "same-origin"

# Request size, refused before the body is read (ocop/core/limits.py): the largest upload
# form carries one document (MAX_DOCUMENT_UPLOAD_BYTES) plus its fields. The proxy's own
# limit (nginx client_max_body_size) should be the same.
OCOP_MAX_REQUEST_BYTES = int(
    os.environ.get("OCOP_MAX_REQUEST_BYTES", str(MAX_DOCUMENT_UPLOAD_BYTES + 5 * 1024 * 1024))
)
# Form fields without the files: far below any real form, far above a score sheet.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads above this are streamed to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# Optional antivirus scan of every upload (ocop/core/uploads.py): a command reading the file
# on standard input, ClamAV's exit codes (0 clean, 1 infected, 2 error), e.g.
# "clamdscan --no-summary --stream -" or "clamscan --no-summary -". Empty: no scan.
OCOP_VIRUS_SCAN_COMMAND = os.environ.get("OCOP_VIRUS_SCAN_COMMAND", "")
OCOP_VIRUS_SCAN_TIMEOUT = int(os.environ.get("OCOP_VIRUS_SCAN_TIMEOUT", "60"))

# Throttling of the public API, search and exports per client (ocop/core/throttle.py),
# counted in the default cache (shared by every node when it is Redis). "N/SECONDS".
OCOP_THROTTLE_ENABLED = env_bool("OCOP_THROTTLE_ENABLED", True)
OCOP_THROTTLE_RATES = {
    "api": os.environ.get("OCOP_THROTTLE_API", "120/60"),
    "search": os.environ.get("OCOP_THROTTLE_SEARCH", "60/60"),
    "export": os.environ.get("OCOP_THROTTLE_EXPORT", "10/300"),
}
# The client a throttle counts is ocop.core.requests.client_ip: REMOTE_ADDR, or
# X-Forwarded-For from OCOP_TRUSTED_PROXIES only (set in the login protection block).

# PostgreSQL: a statement waiting this long for a lock gives up (503 page, nothing written)
# instead of holding a worker thread.
_planner_options = ""
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _lock_timeout = int(os.environ.get("DATABASE_LOCK_TIMEOUT_MS", "10000"))
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    if _lock_timeout:
        _options["options"] = f"{_options.get('options', '')} -c lock_timeout={_lock_timeout}".strip()
    # The planner's cost of reading a page out of order. PostgreSQL's default (4) is meant
    # for spinning disks; the register fits in memory or sits on SSD, where 1.1 is the usual
    # value. With 4, counting one province's certificates read the whole products table
    # (53 ms with 80,000 products) instead of following the commune index (5 ms):
    # docs/performance.md. DATABASE_RANDOM_PAGE_COST= (empty) keeps the server's own.
    _page_cost = os.environ.get("DATABASE_RANDOM_PAGE_COST", "1.1").strip()
    if _page_cost:
        _planner_options = f"-c random_page_cost={float(_page_cost)}"
        _options["options"] = f"{_options.get('options', '')} {_planner_options}".strip()
# --- Scale-out: object storage, shared cache and sessions, read replica -------------------
# (docs/deployment.md). Unset, everything stays on one machine: local folders, the file
# cache, sessions in the database, one database — what `make run` uses.

# Files in an S3-compatible bucket (MinIO, Ceph, a cloud bucket; moto's server in
# `scripts/cluster`). Credentials come from boto3's usual chain (AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, or the machine's role), never from this file.
OCOP_S3_BUCKET = os.environ.get("OCOP_S3_BUCKET", "")
OCOP_S3_PRIVATE_OPTIONS = None
if OCOP_S3_BUCKET:
    from urllib.parse import urlsplit as _urlsplit

    _s3_endpoint = os.environ.get("OCOP_S3_ENDPOINT_URL") or None
    _s3_common = {
        "endpoint_url": _s3_endpoint,
        "region_name": os.environ.get("OCOP_S3_REGION") or None,
        "signature_version": "s3v4",
        # MinIO, Ceph and moto answer on one host name: bucket in the path.
        "addressing_style": os.environ.get("OCOP_S3_ADDRESSING_STYLE") or ("path" if _s3_endpoint else None),
        "file_overwrite": False,
    }
    # Public photos: plain (unsigned) URLs, because public pages are cached longer than a
    # signed URL lives. OCOP_S3_PUBLIC_URL is where browsers fetch them (a CDN, or the proxy's
    # /s3/ path); the bucket's policy makes only the media/ prefix readable (docs/deployment.md).
    _s3_public = _urlsplit(os.environ["OCOP_S3_PUBLIC_URL"]) if os.environ.get("OCOP_S3_PUBLIC_URL") else None
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_common,
            "bucket_name": OCOP_S3_BUCKET,
            "location": "media",
            "querystring_auth": False,
            "default_acl": os.environ.get("OCOP_S3_PUBLIC_ACL") or None,
            "custom_domain": (_s3_public.netloc + _s3_public.path.rstrip("/")) if _s3_public else None,
            "url_protocol": f"{_s3_public.scheme}:" if _s3_public else "https:",
        },
    }
    # Private files: own bucket (or the private/ prefix of the same one), private ACL, no URL:
    # streamed by the views after their permission check (ocop/core/storage.py).
    OCOP_S3_PRIVATE_OPTIONS = {
        **_s3_common,
        "bucket_name": os.environ.get("OCOP_S3_PRIVATE_BUCKET") or OCOP_S3_BUCKET,
        "location": "private",
    }
    # Job results (ocop/jobs) go to the same private place: objects with the private ACL,
    # downloaded through the owner-only view.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**OCOP_S3_PRIVATE_OPTIONS, "default_acl": "private", "file_overwrite": False},
    }

# Behind a proxy that compresses on the fly (scripts/cluster's nginx), collectstatic may
# skip WhiteNoise's gzip/Brotli copies and only hash the names: seconds instead of minutes.
if not env_bool("OCOP_STATIC_PRECOMPRESS", True):
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}

# Cache and sessions in Redis when REDIS_URL is set (redis://127.0.0.1:6379/0): every app
# node then shares the catalogue's version key, the cached public pages and the logins.
# Short socket timeouts: a Redis outage slows a request by seconds, never hangs it.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    _redis_options = {"socket_connect_timeout": 2, "socket_timeout": 2}
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "ocop",
        "OPTIONS": _redis_options,
    }
    # Sessions under their own prefix, so clearing the page cache never logs anyone out.
    CACHES["sessions"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "ocop-session",
        "OPTIONS": _redis_options,
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    SESSION_CACHE_ALIAS = "sessions"

# Read replica (ocop/core/replica.py): public catalogue, verification, map and open API read
# from a PostgreSQL streaming replica; down or more than OCOP_REPLICA_MAX_LAG_SECONDS behind,
# they read from the primary. No pool here: a pool waits for a dead server, a plain
# connection gives up after connect_timeout.
OCOP_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("OCOP_REPLICA_MAX_LAG_SECONDS", "10"))
OCOP_REPLICA_CHECK_SECONDS = float(os.environ.get("OCOP_REPLICA_CHECK_SECONDS", "5"))
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("REPLICA_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = int(
        os.environ.get("OCOP_REPLICA_CONNECT_TIMEOUT", "2")
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql" and _planner_options:
        DATABASES["replica"]["OPTIONS"]["options"] = _planner_options  # the same plans as the primary
    # Tests run against the primary's test database under this alias.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["ocop.core.replica.ReplicaRouter"]
# == Background work (docs/jobs.md) ==============================================================
# Django's task framework with the database backend of django-tasks-db: the queue lives in the
# project's database (SQLite or PostgreSQL), so nothing else has to run. The worker is
# `python manage.py db_worker`; the scheduler of periodic tasks (reminders, recovery of
# interrupted jobs) is `python manage.py crontask`. `make run` starts both beside gunicorn.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# One scheduler at a time: with REDIS_URL set, crontask holds a lock in Redis, so a second
# scheduler started on another node waits instead of queueing every reminder twice.
CRONTASK = {"REDIS_URL": os.environ.get("CRONTASK_REDIS_URL") or None}
# A running job whose heartbeat is older than this is taken for one whose worker died; it is
# queued again (its effect is never applied twice, ocop/jobs/runner.py). A live job beats every
# quarter of this period, from a thread of its own, however long its current step.
OCOP_JOBS_STALE_SECONDS = int(os.environ.get("OCOP_JOBS_STALE_SECONDS", "300"))
# Exports above this many rows are made as a job (or served from the daily open-data file)
# instead of inside the request.
OCOP_SYNC_EXPORT_MAX_ROWS = int(os.environ.get("OCOP_SYNC_EXPORT_MAX_ROWS", "5000"))
