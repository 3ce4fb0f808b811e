"""`corpus-search serve`: check the bind is safe, then run the app under uvicorn."""
from __future__ import annotations

import ipaddress
import os
import sys

from corpus_search.config import Settings
from corpus_search.errors import UsageError

TOKEN_ENV = "CORPUS_SEARCH_TOKEN"


def is_local(host: str) -> bool:
    """Only the loopback interface counts as local (`0.0.0.0` and `::` listen on every interface)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> str | None:
    """The token to require (None for a local bind without one); a non-local bind needs one."""
    token = token or os.environ.get(TOKEN_ENV) or None
    if token is not None and len(token) < 8:
        raise UsageError("the token must be at least 8 characters")
    if not is_local(host) and token is None:
        raise UsageError(
            f"--host {host} is reachable from other machines: give --token T (or set {TOKEN_ENV}) to serve there"
        )
    return token


def check_port(host: str, port: int) -> None:
    """Fail with one line, before anything starts, when the address cannot be listened on."""
    import socket

    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            raise UsageError(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}): is another server there? give --port"
            ) from None


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8750, token: str | None = None,
          open_browser: bool = False) -> None:
    """Serve the web interface and API until interrupted. Raises UsageError for an unsafe bind."""
    token = check_bind(host, token)
    check_port(host, port)
    import uvicorn

    from corpus_search.web.app import create_app

    local_hosts = None
    if token is None:
        # Without a token only the loopback names are accepted as Host: a web page elsewhere
        # cannot reach this server through DNS rebinding.
        local_hosts = ["127.0.0.1", "localhost", "::1", "[::1]"]
    app = create_app(settings, token=token, allowed_hosts=local_hosts)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/"
    print(f"corpus-search: serving {settings.index_dir} at {url}" + (" (token required)" if token else "")
          + "; Ctrl-C stops", file=sys.stderr, flush=True)
    if open_browser:
        import threading
        import webbrowser

        target = url + (f"?token={token}" if token else "")
        threading.Timer(1.0, webbrowser.open, args=(target,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, server_header=False)
