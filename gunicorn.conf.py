"""gunicorn reads this file from the working directory (`gunicorn wsgi:app` in a checkout): the
packaged settings, which an installed hub uses as `gunicorn -c python:hub.gunicorn_conf`."""

from hub.gunicorn_conf import *  # noqa: F403
