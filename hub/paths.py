"""Folders the hub reads besides its modules: inside the installed package when installed from
the wheel (setup.py maps them there), else at the top of the checkout (an editable install)."""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def bundled(name: str) -> Path:
    """`migrations` or `translations`: hub/<name> in a wheel, the checkout's <name> otherwise."""
    inside = PACKAGE_DIR / name
    return inside if inside.is_dir() else PACKAGE_DIR.parent / name
