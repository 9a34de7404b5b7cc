"""Default settings. Every one can be overridden by a `HUB_<NAME>` environment variable."""


# Seconds SQLite waits for a busy writer before "database is locked" (a bound inside a request:
# hub/gunicorn_conf.py).
SQLITE_BUSY_TIMEOUT = 30


class DefaultConfig:
    """Settings for a newcomer's hub: SQLite and files under ./instance, mail to a folder."""

    # Where the SQLite database, the search index, uploads, saved mail and the generated
    # secret key live. Resolved to an absolute path at start-up.
    DATA_DIR = "instance"
    # None means SQLite at DATA_DIR/hub.sqlite3; production sets a PostgreSQL URL.
    DATABASE_URL = None
    # None means: read or create DATA_DIR/secret_key (never a key committed to the repo).
    SECRET_KEY = None
    # The address people use to reach the hub, for links in e-mails.
    PUBLIC_URL = "http://127.0.0.1:5000"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set HUB_SESSION_COOKIE_SECURE=true behind HTTPS
    SESSION_COOKIE_NAME = "hub_session"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 14

    # werkzeug's method string; scrypt is werkzeug's current default.
    PASSWORD_HASH_METHOD = "scrypt"
    PASSWORD_MIN_LENGTH = 10
    PASSWORD_RESET_MAX_AGE = 2 * 60 * 60

    # Mail: with MAIL_SERVER unset, messages are written to DATA_DIR/mail.
    MAIL_SERVER = None
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_SENDER = "ECPAT Network Hub <hub@ecpat.example>"
    MAIL_TIMEOUT = 20  # seconds for one SMTP exchange

    # Weekly digests cover the week that ends at midnight UTC starting this day (a day name
    # or 0-6 from Monday); daily ones the day that ends at midnight UTC.
    DIGEST_DAY = "monday"

    # CSRF is checked by hub.blueprints.main.guards: forms always, the API by origin.
    WTF_CSRF_CHECK_DEFAULT = False
    WTF_CSRF_TIME_LIMIT = None

    # Background jobs (hub.jobs): None keeps the queue in DATA_DIR/jobs.sqlite3 (no other
    # server); production sets redis://127.0.0.1:6379/1. IMMEDIATE runs each job as soon as it
    # is queued, in the same process (tests); WORKERS is how many `jobs work` runs at once.
    JOBS_URL = None
    JOBS_IMMEDIATE = False
    JOBS_WORKERS = 2
    # Retries of a job that raised: the first after *_RETRY_DELAY seconds, each next one
    # twice as late. Mail: 6 tries over about 30 minutes; index drains: 8 over about 20.
    MAIL_RETRIES = 5
    MAIL_RETRY_DELAY = 60
    INDEX_RETRIES = 8
    INDEX_RETRY_DELAY = 5
    EXTRACT_RETRIES = 2
    EXTRACT_RETRY_DELAY = 30
    # A file still "pending" this many minutes after upload is queued for extraction again
    # (its job was lost with the queue, say).
    EXTRACT_STALE_MINUTES = 15

    # Shared by every worker: use Redis (redis://...) with more than one.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Sign-in and reset requests per client address (every attempt counts) ...
    LOGIN_RATE_LIMIT = "10 per minute;40 per hour"
    # ... and per account tried: failed sign-ins, and every reset request (each sends a mail).
    LOGIN_ACCOUNT_RATE_LIMIT = "10 per minute;30 per hour"
    PASSWORD_RESET_ACCOUNT_RATE_LIMIT = "5 per hour"

    # The number of trusted proxies in front (nginx: 1); their X-Forwarded-For, -Proto and
    # -Host then give the client's address, the scheme and the host. 0 trusts no header.
    PROXY_HOPS = 0
    # How many server processes share this configuration; hub/gunicorn_conf.py sets it.
    SERVER_WORKERS = 1
    # Any request body, refused with 413 before it is read; uploads get MAX_UPLOAD_MB.
    MAX_CONTENT_LENGTH = 1024 * 1024
    MAX_UPLOAD_MB = 25
    # Characters of a document's text that go into the search index (the file is kept whole).
    INDEX_MAX_CHARS = 500_000

    # The hub's own log records, on stderr: LOG_FORMAT "text" or "json" (one object a line).
    LOG_LEVEL = "INFO"
    LOG_FORMAT = "text"

    LANGUAGES = ("en", "fr", "es")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"

    API_TITLE = "ECPAT Network Hub API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
    API_SPEC_OPTIONS = {
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer"},
                "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "hub_session"},
            }
        },
        "security": [{"bearerAuth": []}, {"cookieAuth": []}],
    }
    # Bounds of text extraction from an uploaded file (a child process): seconds, memory.
    EXTRACT_TIMEOUT = 30
    EXTRACT_MEMORY_MB = 768
    # Governance (shared/API.md): audit rows older than this many whole months are removed by
    # `flask --app hub audit prune`; stories waiting longer than this many working days are
    # overdue in the moderation queue.
    AUDIT_RETENTION_MONTHS = 84
    MODERATION_SLA_DAYS = 5

    SQLALCHEMY_TRACK_MODIFICATIONS = False
    JSON_SORT_KEYS = False

    # None means DATA_DIR/search.
    SEARCH_INDEX_DIR = None
    # Request input: JSON bodies nested deeper than this answer 422 before being parsed.
    JSON_MAX_DEPTH = 32
    # Stories: the safeguarding checker's per-user limit.
    SAFEGUARDING_RATE_LIMIT = "60 per minute;600 per hour"
    # Usage log: buffered in each process, written every interval or batch; raw events are
    # kept this many months by `usage prune` (monthly counts stay).
    USAGE_LOG = True
    USAGE_FLUSH_INTERVAL = 1.0
    USAGE_BATCH_SIZE = 500
    USAGE_MAX_PENDING = 100_000
    USAGE_RETENTION_MONTHS = 36
