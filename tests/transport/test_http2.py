"""HTTP/2 where the server offers it (ALPN over TLS); HTTP/1.1 otherwise."""

from __future__ import annotations

import json
import socket
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

h2_config = pytest.importorskip("h2.config")
import h2.connection  # noqa: E402
import h2.events  # noqa: E402
import trustme  # noqa: E402

from runner.core.engine import Run, RunOptions  # noqa: E402
from runner.load import load_collection  # noqa: E402


class H2Server:
    """A one-route HTTP/2 server over TLS (h2 library), recording the protocol each request used."""

    def __init__(self, ca: trustme.CA) -> None:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1").configure_cert(ctx)
        ctx.set_alpn_protocols(["h2"])
        self.ctx = ctx
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.protocols: list[str | None] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                raw, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._connection, args=(raw,), daemon=True).start()

    def _connection(self, raw: socket.socket) -> None:
        try:
            conn_sock = self.ctx.wrap_socket(raw, server_side=True)
        except (ssl.SSLError, OSError):
            raw.close()
            return
        self.protocols.append(conn_sock.selected_alpn_protocol())
        conn = h2.connection.H2Connection(config=h2_config.H2Configuration(client_side=False))
        conn.initiate_connection()
        conn_sock.sendall(conn.data_to_send())
        with conn_sock:
            while True:
                data = conn_sock.recv(65535)
                if not data:
                    return
                for event in conn.receive_data(data):
                    if isinstance(event, h2.events.RequestReceived):
                        body = json.dumps({"status": "OK", "protocol": "h2"}).encode()
                        conn.send_headers(event.stream_id, [(":status", "200"), ("content-type", "application/json"),
                                                            ("content-length", str(len(body)))])
                        conn.send_data(event.stream_id, body, end_stream=True)
                conn_sock.sendall(conn.data_to_send())

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def h2_server(tmp_path: Path) -> Iterator[tuple[H2Server, str]]:
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    server = H2Server(ca)
    try:
        yield server, str(ca_file)
    finally:
        server.close()


def test_http2_is_used_when_the_server_offers_it(tmp_path: Path, h2_server: tuple[H2Server, str]) -> None:
    server, ca = h2_server
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"name": "h2", "items": [
        {"name": f"r{i}", "request": {"method": "GET", "url": f"https://127.0.0.1:{server.port}/x"},
         "assert": [{"status": 200}, {"that": "$.protocol", "equals": "h2"}]} for i in range(3)]}))
    executions = list(Run(load_collection(path), None, RunOptions(ca_cert=ca)))
    assert [e.failed for e in executions] == [False, False, False]
    assert server.protocols == ["h2"]  # one pooled connection, negotiated to HTTP/2
