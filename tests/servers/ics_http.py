"""A loopback HTTP server publishing calendars at fixed paths, for the ics:https backend's tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class IcsHttpServer:
    """Serves ``routes[path] = (status, body)``; ``/hang`` answers only when the server stops."""

    def __init__(self, routes: dict[str, tuple[int, bytes]]) -> None:
        self.routes = routes
        self.requests: list[str] = []
        self.release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.requests.append(self.path)
                if self.path == "/hang":
                    # Blocks until the test is over: the client must give up on its own timeout.
                    outer.release.wait(timeout=30)
                    return
                status, body = outer.routes.get(self.path, (404, b"not found"))
                self.send_response(status)
                self.send_header("Content-Type", "text/calendar; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@contextmanager
def ics_http_server(routes: dict[str, tuple[int, bytes]]) -> Iterator[IcsHttpServer]:
    """A running :class:`IcsHttpServer`, always shut down afterwards."""
    server = IcsHttpServer(routes)
    thread = threading.Thread(target=server.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.release.set()
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join(timeout=10)
