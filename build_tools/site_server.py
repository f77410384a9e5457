"""Serving a built site on this machine under a base path, as GitHub Pages serves a project.

Used by the browser tests and the search measurement: a site that works at
``http://127.0.0.1:<port>/archive/`` has no link that assumes it sits at the
root of its host.
"""

from __future__ import annotations

import http.server
import threading
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any


class _BasePathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves ``directory`` at ``base_path``; everything else is 404."""

    base_path = "/"

    def __init__(self, *args: Any, base_path: str, **kwargs: Any) -> None:
        self.base_path = base_path
        super().__init__(*args, **kwargs)

    def send_head(self) -> Any:
        if not self.path.startswith(self.base_path):
            self.send_error(404, f"outside {self.base_path}")
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path[len(self.base_path):])

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet: tests and measurements print what matters


class SiteServer:
    """A built site served in a background thread on 127.0.0.1 at a free port.

    Use as a context manager; :attr:`url` is the site's address (ending in ``/``).
    """

    def __init__(self, site_dir: Path, base_path: str = "/archive/") -> None:
        if not (base_path.startswith("/") and base_path.endswith("/")):
            raise ValueError(f"base path must start and end with '/': {base_path!r}")
        handler = partial(_BasePathHandler, directory=str(site_dir), base_path=base_path)
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self.base_path = base_path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}{self.base_path}"

    def __enter__(self) -> SiteServer:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
