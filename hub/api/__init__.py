"""The JSON API's shared parts: error bodies, pagination, access checks."""
