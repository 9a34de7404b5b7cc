"""Default settings. Every one can be overridden by a `HUB_<NAME>` environment variable."""


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

    # CSRF is checked by hub.blueprints.main.guards: forms always, the API by origin.
    WTF_CSRF_CHECK_DEFAULT = False
    WTF_CSRF_TIME_LIMIT = None

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "10 per minute;40 per hour"

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
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    JSON_SORT_KEYS = False

    LOG_LEVEL = "INFO"
    # None means DATA_DIR/search.
    SEARCH_INDEX_DIR = None
    # Request input: JSON bodies nested deeper than this answer 422 before being parsed.
    JSON_MAX_DEPTH = 32
    # Library uploads and their text extraction (a child process with these bounds).
    MAX_UPLOAD_MB = 25
    EXTRACT_TIMEOUT = 30
    EXTRACT_MEMORY_MB = 768
    # Stories: the safeguarding checker's per-user limit.
    SAFEGUARDING_RATE_LIMIT = "60 per minute;600 per hour"
    # Usage log: buffered in each process, written every interval or batch; raw events are
    # kept this many months by `usage prune` (monthly counts stay).
    USAGE_LOG = True
    USAGE_FLUSH_INTERVAL = 1.0
    USAGE_BATCH_SIZE = 500
    USAGE_MAX_PENDING = 100_000
    USAGE_RETENTION_MONTHS = 36
