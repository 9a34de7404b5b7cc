#!/usr/bin/env python3
"""Set up and run the hub on a machine that has only Python 3.11 and pip.

    python3 dev.py up     install, migrate, load the demo network, serve on 127.0.0.1:5000
                          (with a jobs worker beside the server)
    python3 dev.py test   install with the test tools, then run the whole test suite
"""

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"


def run(*args: str, env: dict | None = None) -> None:
    print("+", " ".join(args), flush=True)
    subprocess.run(args, cwd=ROOT, check=True, env=env)


def install(extra: str = "") -> None:
    """A virtual environment with the hub installed from this checkout, catalogs compiled."""
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
        run(str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(str(PYTHON), "-m", "pip", "install", "--quiet", "-e", f".{extra}")
    run(str(PYTHON), "-m", "flask", "--app", "hub", "translate", "compile")


def up() -> None:
    install()
    env = dict(os.environ)
    flask = [str(PYTHON), "-m", "flask", "--app", "hub"]
    run(*flask, "db", "upgrade", env=env)
    # The demo refuses (exit 1) on a hub that already has members: that is fine here.
    result = subprocess.run([*flask, "demo"], cwd=ROOT, env=env)
    if result.returncode not in (0, 1):
        sys.exit(result.returncode)
    # The jobs worker (text extraction, mail, index retries) runs beside the server.
    print("+", *flask, "jobs", "work", "&", flush=True)
    worker = subprocess.Popen([*flask, "jobs", "work"], cwd=ROOT, env=env)
    try:
        run(*flask, "run", "--host", "127.0.0.1", "--port", "5000", env=env)
    finally:
        worker.terminate()
        worker.wait(timeout=60)


def test(pytest_args: list[str]) -> None:
    install("[test]")
    # One pytest-xdist worker per core unless the caller chose (`-n 0` runs in one process).
    if not any(arg == "-n" or arg.startswith(("-n", "--numprocesses")) for arg in pytest_args):
        pytest_args = ["-n", "auto", *pytest_args]
    result = subprocess.run([str(PYTHON), "-m", "pytest", *pytest_args], cwd=ROOT)
    sys.exit(result.returncode)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "up":
        up()
    elif command == "test":
        test(sys.argv[2:])
    else:
        sys.exit(__doc__)
