"""Real receivers on 127.0.0.1 free ports: an HTTP endpoint for Apprise's json:// (which can fail
its first N requests) and an SMTP server (aiosmtpd) for mailto://."""

from __future__ import annotations

import email
import email.header
import email.policy
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope


@dataclass
class JsonReceiver:
    """Collects the JSON bodies Apprise posts; answers 500 to the first `fail_first` requests.

    `hold_at(n)` makes the n-th message from then on wait, received but not yet answered, until
    `release()`: a sender caught in the middle of a page, for a test to kill. With `delay`, each
    answer takes that long, and `most_active` tells how many were in flight at once at most."""

    fail_first: int = 0
    delay: float = 0.0
    most_active: int = 0
    received: list[dict[str, Any]] = field(default_factory=list)
    failures: int = 0
    port: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    held: threading.Event = field(default_factory=threading.Event)
    released: threading.Event = field(default_factory=threading.Event)
    active: int = 0  # requests being read or answered right now
    _hold_index: int | None = None

    def url(self, path: str = "hook") -> str:
        return f"json://127.0.0.1:{self.port}/{path}"

    def hold_at(self, n: int) -> None:
        with self.lock:
            self._hold_index = len(self.received) + n - 1
            self.held.clear()
            self.released.clear()

    def release(self) -> None:
        self.released.set()

    def handle(self, path: str, body: bytes) -> int:
        with self.lock:
            if self.failures < self.fail_first:
                self.failures += 1
                return 500
            self.received.append({"path": path, **json.loads(body)})
            hold = self._hold_index == len(self.received) - 1
        time.sleep(self.delay)
        if hold:
            self.held.set()
            self.released.wait(timeout=300)  # the test releases it once it has done its harm
        return 200


@contextmanager
def json_receiver(fail_first: int = 0, delay: float = 0.0) -> Iterator[JsonReceiver]:
    receiver = JsonReceiver(fail_first=fail_first, delay=delay)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            with receiver.lock:
                receiver.active += 1
                receiver.most_active = max(receiver.most_active, receiver.active)
            try:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                code = receiver.handle(self.path, body)
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()
            finally:
                with receiver.lock:
                    receiver.active -= 1

        def log_message(self, *args: Any) -> None:
            """Silent: the tests read what was received, not an access log."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Mail:
    to: list[str]
    subject: str
    body: str
    # each part as sent, when the message has it
    text: str | None = None
    html: str | None = None


class _Inbox:
    def __init__(self) -> None:
        self.mails: list[Mail] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Envelope) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else str(envelope.content).encode()
        message = email.message_from_bytes(content, policy=email.policy.default)
        part = message.get_body(preferencelist=("plain", "html"))
        body = part.get_content() if part is not None else ""
        text, html = (message.get_body(preferencelist=(kind,)) for kind in ("plain", "html"))
        with self.lock:
            self.mails.append(
                Mail(
                    list(envelope.rcpt_tos),
                    str(message["subject"]),
                    body,
                    text=text.get_content() if text is not None else None,
                    html=html.get_content() if html is not None else None,
                )
            )
        return "250 OK"


def free_port() -> int:
    # aiosmtpd's Controller connects to its own port to check it is up, so it needs a real one
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _accept_any(server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> AuthResult:
    return AuthResult(success=True)


@contextmanager
def smtp_server(port: int | None = None, inbox: _Inbox | None = None) -> Iterator[tuple[int, _Inbox]]:
    """aiosmtpd accepting any login without TLS (as a relay on localhost would). Given a port
    and an inbox, it comes back where it was, with what it had received."""
    inbox = inbox or _Inbox()
    port = port or free_port()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=port, authenticator=_accept_any, auth_require_tls=False
    )
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


def smtp_env(monkeypatch: Any, port: int) -> None:
    """The SMTP_* variables that config/agencies.yaml's mailto:// URLs read, for this server."""
    for name, value in {
        "SMTP_USER": "bot",
        "SMTP_PASSWORD": "p@ss/word",  # needs the percent-encoding of ${VAR} values
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(port),
        "SMTP_FROM": "dondoc@sonlam.gov.vn",
    }.items():
        monkeypatch.setenv(name, value)
