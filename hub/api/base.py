"""The per-app flask-smorest Api, and errors that services raise for the API and pages."""

from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint

from hub.api.errors import handle_http_exception


class HubApi(Api):
    """flask-smorest's Api, with the hub's error body instead of its own."""

    def handle_http_exception(self, error):
        return handle_http_exception(error)


class ApiBlueprint(SmorestBlueprint):
    """A flask-smorest blueprint; kept as a name so features import it from one place."""


class HubError(Exception):
    """A refusal a user can act on; the API renders it with the contract's error body."""

    status = 400
    code: str | None = None

    def __init__(self, message=None, *, fields=None, code=None):
        super().__init__(message)
        self.message = message
        self.fields = fields
        if code:
            self.code = code


class InvalidInput(HubError):
    status = 422


class Conflict(HubError):
    status = 409


class Forbidden(HubError):
    status = 403


class NotFound(HubError):
    status = 404
