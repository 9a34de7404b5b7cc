"""The per-app flask-smorest Api and the API blueprint class."""

from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint

from hub.api.errors import handle_http_exception
from hub.api.schemas import ErrorSchema
from hub.errors import Conflict, Forbidden, HubError, InvalidInput, NotFound, Unauthorized


class HubApi(Api):
    """flask-smorest's Api, with the hub's error body instead of its own, in the answers and
    in the document."""

    ERROR_SCHEMA = ErrorSchema
    _described = False

    def handle_http_exception(self, error):
        return handle_http_exception(error)

    def _openapi_json(self):
        if not self._described:
            from flask import current_app

            from hub.api import docs

            docs.describe(self, current_app)
            self._described = True
        return super()._openapi_json()


class ApiBlueprint(SmorestBlueprint):
    """A flask-smorest blueprint; kept as a name so features import it from one place."""


# The domain's errors live in hub.errors; these names stay importable from here.
__all__ = ["ApiBlueprint", "Conflict", "Forbidden", "HubApi", "HubError", "InvalidInput",
           "NotFound", "Unauthorized"]
