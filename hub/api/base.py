"""The per-app flask-smorest Api and the API blueprint class."""

from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint

from hub.api.errors import handle_http_exception
from hub.errors import Conflict, Forbidden, HubError, InvalidInput, NotFound, Unauthorized


class HubApi(Api):
    """flask-smorest's Api, with the hub's error body instead of its own."""

    def handle_http_exception(self, error):
        return handle_http_exception(error)


class ApiBlueprint(SmorestBlueprint):
    """A flask-smorest blueprint; kept as a name so features import it from one place."""


# The domain's errors live in hub.errors; these names stay importable from here.
__all__ = ["ApiBlueprint", "Conflict", "Forbidden", "HubApi", "HubError", "InvalidInput",
           "NotFound", "Unauthorized"]
