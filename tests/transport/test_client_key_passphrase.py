"""--ssl-client-passphrase opens an encrypted client key (mutual TLS against a loopback server); without
it the key is refused up front with a message, never a prompt on the terminal; the passphrase is a
secret and shows nowhere."""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import trustme
from cryptography.hazmat.primitives import serialization
from wire_server import postman, write

from runner.cli.main import main
from runner.errors import InputError
from runner.transport.http import check_tls_files

PASSPHRASE = "open-sesame-42"


@pytest.fixture
def mtls(tmp_path: Path) -> Iterator[tuple[str, Path, Path, Path]]:
    """An HTTPS server on loopback that requires a client certificate; (url, CA, client cert, encrypted key)."""
    ca = trustme.CA()
    server_cert = ca.issue_cert("127.0.0.1")
    client = ca.issue_cert("client@example.test")
    ca_file, cert_file, key_file = tmp_path / "ca.pem", tmp_path / "client.pem", tmp_path / "client.key"
    ca.cert_pem.write_to_path(str(ca_file))
    client.cert_chain_pems[0].write_to_path(str(cert_file))
    key = serialization.load_pem_private_key(client.private_key_pem.bytes(), password=None)
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.BestAvailableEncryption(PASSPHRASE.encode())))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            data = b'{"ok": true}'
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_cert.configure_cert(context)
    ca.configure_trust(context)
    context.verify_mode = ssl.CERT_REQUIRED
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{httpd.server_address[1]}", ca_file, cert_file, key_file
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_an_encrypted_key_without_its_passphrase_is_bad_input_not_a_prompt(mtls: Any) -> None:
    _, _, cert, key = mtls
    with pytest.raises(InputError, match="--ssl-client-passphrase"):
        check_tls_files(None, str(cert), str(key))
    check_tls_files(None, str(cert), str(key), PASSPHRASE)


def test_the_passphrase_opens_the_key_for_mutual_tls(mtls: Any, tmp_path: Path, capsys: Any) -> None:
    url, ca, cert, key = mtls
    doc = postman([{"name": "mtls", "request": {"method": "GET", "url": f"{url}/x"},
                    "event": [{"listen": "test", "script": {"exec": [
                        "pm.test('ok', () => pm.response.to.have.status(200));"]}}]}])
    report = tmp_path / "r.json"
    code = main(["run", str(write(tmp_path, doc)), "--ssl-client-cert", str(cert), "--ssl-client-key", str(key),
                 "--ssl-client-passphrase", PASSPHRASE, "--ca-cert", str(ca), "-r", "cli,json",
                 "--reporter-json-export", str(report)])
    out = capsys.readouterr()
    assert code == 0, out.out + out.err
    assert "not applied" not in out.err
    assert PASSPHRASE not in out.out + out.err + report.read_text()
    assert json.loads(report.read_text())
