"""The ECPAT Network Hub: member profiles, resource library, stories and indicators."""

import os
import secrets
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from hub.config import SQLITE_BUSY_TIMEOUT, DefaultConfig

__version__ = "0.1.0"


def create_app(config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, error handlers, commands."""
    app = Flask(__name__)
    _load_config(app, config)
    _configure_logging(app)
    _register_converters(app)
    _register_extensions(app)
    _register_blueprints(app)
    _register_error_handlers(app)
    _register_commands(app)
    return app


def _load_config(app: Flask, overrides: dict | None) -> None:
    """Defaults, then HUB_* environment variables, then the overrides passed in."""
    app.config.from_object(DefaultConfig)
    app.config.from_prefixed_env("HUB")
    if overrides:
        app.config.update(overrides)

    data_dir = Path(app.config["DATA_DIR"]).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    app.config["DATA_DIR"] = str(data_dir)
    app.config["SQLALCHEMY_DATABASE_URI"] = (
        app.config.get("DATABASE_URL") or f"sqlite:///{data_dir / 'hub.sqlite3'}"
    )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # A busy writer makes others wait instead of failing at once.
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS",
                              {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT}})
    else:
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {"pool_pre_ping": True})
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _read_or_create_secret(data_dir / "secret_key")
    if isinstance(app.config["LANGUAGES"], str):
        app.config["LANGUAGES"] = tuple(app.config["LANGUAGES"].split(","))


def _read_or_create_secret(path: Path) -> str:
    """Read the generated key; create it once, atomically, so several workers agree on it."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        key = secrets.token_hex(32)
        handle.write(key)
    return key


def _register_converters(app: Flask) -> None:
    """`<int:...>` in routes matches only ids the database can hold: larger ones answer 404."""
    from werkzeug.routing import IntegerConverter

    from hub.access import MAX_ID

    class DatabaseId(IntegerConverter):
        def __init__(self, map, *args, **kwargs):
            kwargs.setdefault("max", MAX_ID)
            super().__init__(map, *args, **kwargs)

    app.url_map.converters["int"] = DatabaseId


def _configure_logging(app: Flask) -> None:
    from hub.logs import configure_logging

    configure_logging(app)


def _register_extensions(app: Flask) -> None:
    from hub import i18n, serving, uow
    from hub.api import input as request_input
    from hub.api.base import HubApi
    from hub.extensions import babel, csrf, db, limiter, login_manager, migrate
    from hub.paths import bundled

    db.init_app(app)
    uow.init_app(app)
    request_input.init_app(app)
    # Ahead of every other hook (the input checks above included): the proxy headers and the
    # body limit hold before anything reads the body.
    serving.init_serving(app)
    _configure_sqlite(app)
    migrate.init_app(app, db, directory=str(bundled("migrations")))
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_translation_directories=str(bundled("translations")),
    )
    csrf.init_app(app)
    limiter.init_app(app)
    from hub.blueprints.auth import session as auth_session

    auth_session.init_login(app, login_manager)
    app.extensions["hub_api"] = HubApi(app)
    from hub.templating import init_templating

    init_templating(app)
    from hub import jobs

    jobs.init_app(app)


def _configure_sqlite(app: Flask) -> None:
    """Foreign keys on, and WAL so readers do not wait for a writer."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    from hub.extensions import db

    with app.app_context():
        engine = db.engine

    @sa.event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _register_blueprints(app: Flask) -> None:
    from hub.api.docs import docs_bp
    from hub.blueprints import (
        activities,
        audit,
        auth,
        follows,
        indicators,
        library,
        main,
        members,
        privacy,
        reporting,
        stories,
        usage,
    )

    api = app.extensions["hub_api"]
    app.register_blueprint(docs_bp)
    app.register_blueprint(main.bp)
    app.register_blueprint(auth.bp)
    api.register_blueprint(auth.api_bp)
    api.register_blueprint(main.api_bp)
    app.register_blueprint(members.bp)
    api.register_blueprint(members.api_bp)
    api.register_blueprint(members.tags_api_bp)
    app.register_blueprint(library.bp)
    api.register_blueprint(library.api_bp)
    app.register_blueprint(activities.bp)
    api.register_blueprint(activities.api_bp)
    app.register_blueprint(usage.bp)
    api.register_blueprint(usage.api_bp)
    app.register_blueprint(indicators.bp)
    api.register_blueprint(indicators.api_bp)
    app.register_blueprint(stories.bp)
    api.register_blueprint(stories.api_bp)
    api.register_blueprint(stories.check_api_bp)
    app.register_blueprint(follows.bp)
    api.register_blueprint(follows.api_bp)
    app.register_blueprint(audit.bp)
    api.register_blueprint(audit.api_bp)
    app.register_blueprint(privacy.bp)
    api.register_blueprint(privacy.me_api_bp)
    api.register_blueprint(privacy.users_api_bp)
    app.register_blueprint(reporting.bp)


def _register_error_handlers(app: Flask) -> None:
    from werkzeug.exceptions import HTTPException

    from hub.api import errors
    from hub.errors import HubError

    app.register_error_handler(HTTPException, errors.handle_http_exception)
    app.register_error_handler(HubError, errors.handle_hub_error)
    # In tests a bug should surface as the exception itself, with its traceback.
    if not app.testing:
        app.register_error_handler(Exception, errors.handle_unexpected)


def _register_commands(app: Flask) -> None:
    from hub import cli

    cli.register(app)
