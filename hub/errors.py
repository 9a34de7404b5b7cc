"""The domain's refusals. Services raise them; the API and the pages map them to a status.

They know no HTTP beyond the status number the web layer answers with, so services, the CLI
and jobs can raise and catch them without importing the API layer.
"""


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


class Unauthorized(HubError):
    """Not signed in (401): sign in, then try again."""

    status = 401


class Forbidden(HubError):
    status = 403


class NotFound(HubError):
    status = 404
