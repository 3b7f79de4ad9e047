"""A minimal, fast HTTP/1.1 keep-alive server for the benchmark (stdlib asyncio, raw protocol).

Why not the embedded sandbox under uvicorn: uvicorn's pure-Python h11 parser plus the ASGI
adapter cost more per request than the client under test, so on a small machine the server
would be what the bench measures. This server parses just enough HTTP (request line, headers,
Content-Length) and answers a fixed Stream-API-shaped JSON, a few microseconds per request.

    python bench/server.py [--port 0]     # prints "PORT <n>" on stdout once listening

Routes: ``/v1.2/event/create.json`` -> 201 ``{"ref": <uuid>, "status": "OK"}``; anything else
-> 200 with the same shape. ``Connection: close`` is honoured.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import sys

_counter = itertools.count(1)


def _body() -> bytes:
    n = next(_counter)
    ref = f"{n:032x}"
    ref = f"{ref[:8]}-{ref[8:12]}-4{ref[13:16]}-8{ref[17:20]}-{ref[20:]}"
    return b'{"ref":"%s","status":"OK"}' % ref.encode()


def _response(status: bytes, body: bytes, close: bool) -> bytes:
    return (b"HTTP/1.1 " + status + b"\r\ncontent-type: application/json\r\ncontent-length: "
            + str(len(body)).encode() + (b"\r\nconnection: close" if close else b"") + b"\r\n\r\n" + body)


class _Http(asyncio.Protocol):
    __slots__ = ("transport", "buffer")

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.buffer = b""

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            head = self.buffer[:end].decode("latin-1")
            lines = head.split("\r\n")
            length, close = 0, False
            for line in lines[1:]:
                name, _, value = line.partition(":")
                name = name.strip().lower()
                if name == "content-length":
                    length = int(value.strip() or 0)
                elif name == "connection" and value.strip().lower() == "close":
                    close = True
            if len(self.buffer) < end + 4 + length:
                return  # body not complete yet
            self.buffer = self.buffer[end + 4 + length:]
            parts = lines[0].split(" ")
            path = parts[1] if len(parts) > 1 else "/"
            status = b"201 Created" if path.startswith("/v1.2/event/create.json") else b"200 OK"
            self.transport.write(_response(status, _body(), close))  # type: ignore[attr-defined]
            if close:
                self.transport.close()
                return


async def _serve(host: str, port: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Http, host, port, backlog=1024)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0, help="0: a free port (printed)")
    args = ap.parse_args()
    try:
        asyncio.run(_serve(args.host, args.port))
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
