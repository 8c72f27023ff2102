"""A stand-in for a hosted service on 127.0.0.1 (an edge's purge API, a partner's webhook receiver): it records
every request and answers as told."""

import contextlib
import http.server
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Received:
    method: str
    path: str
    headers: object  # case-insensitive, as HTTP reads them
    body: bytes


@dataclass
class PurgeServer:
    url: str
    requests: list = field(default_factory=list)
    status: int = 200
    answer: bytes = b'{"success": true, "result": {"id": "purge"}}'
    content_type: str = "application/json"
    delay: float = 0.0
    # Answers wait until this is set: a test sees what happens while the edge has not answered yet.
    answering: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self):
        self.answering.set()


@contextlib.contextmanager
def purge_server():
    """A PurgeServer listening until the block ends; set .status, .answer or .delay to change its answers."""
    server = PurgeServer(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def handle_any(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            server.requests.append(Received(self.command, self.path, self.headers, body))
            time.sleep(server.delay)
            server.answering.wait(timeout=30)
            with contextlib.suppress(ConnectionError):  # a client that gave up waiting has gone
                self.send_response(server.status)
                self.send_header("Content-Type", server.content_type)
                self.send_header("Content-Length", str(len(server.answer)))
                self.end_headers()
                self.wfile.write(server.answer)

        do_GET = do_POST = do_PURGE = handle_any

        def log_message(self, *args):
            pass

    listening = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    listening.daemon_threads = True
    server.url = f"http://127.0.0.1:{listening.server_address[1]}"
    thread = threading.Thread(target=listening.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        listening.shutdown()
        listening.server_close()
