"""Dependencies that go away, for tests: a closed port (refused) and a silent server.

    port = closed_port()                  # connecting is refused at once
    with silent_server() as port:         # connecting works; nothing ever answers
        ...

The silent server runs in a thread of its own, so it behaves the same whichever event
loop the code under test runs in: it accepts every connection, reads nothing, writes
nothing, and closes them when the block ends.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from typing import Iterator


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the block ends: nothing listens there


@contextlib.contextmanager
def silent_server() -> Iterator[int]:
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    listener.settimeout(0.1)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept_forever() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except (socket.timeout, OSError):
                continue
            held.append(connection)  # kept open, never read from or written to

    thread = threading.Thread(target=accept_forever, name="silent-server", daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=2)
        listener.close()
        for connection in held:
            connection.close()


@contextlib.contextmanager
def served(app) -> Iterator[str]:
    """`app` behind a real uvicorn server in a thread of its own (its own event loop, as a
    worker process has); yields its base URL. Two of these are two workers."""
    import time

    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name=f"worker-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
