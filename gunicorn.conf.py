"""gunicorn reads this file from the working directory: settings the hub needs in every run."""


def worker_exit(server, worker):
    """Write the worker's waiting usage events before it goes (hub.blueprints.usage.log)."""
    from hub.blueprints.usage.log import flush_all

    flush_all()
