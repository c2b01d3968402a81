"""How `giamngheo demo` serves: the production path (`serve --with-worker`) on the demo data."""

import os
import secrets
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from giamngheo.ops.server import BindError, check_port_free


def require_free_port(addrport: str) -> None:
    """Exit with one line before any work when the demo could not listen on `addrport`."""
    try:
        check_port_free(addrport)
    except BindError as error:
        sys.stderr.write(f"giamngheo demo: {error}\n")
        sys.exit(2)


def local_secret_key(data_dir: Path) -> str:
    """A random key kept beside the demo's data (readable by its owner only), made once."""
    path = data_dir / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def serve_demo(addrport: str) -> None:
    """Collect the static files, then run the web server and the worker until Ctrl-C."""
    if not os.environ.get("GIAMNGHEO_SECRET_KEY"):
        os.environ["GIAMNGHEO_SECRET_KEY"] = settings.SECRET_KEY = local_secret_key(settings.DATA_DIR)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("serve", bind=addrport, with_worker=True)
