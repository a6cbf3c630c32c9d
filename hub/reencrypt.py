"""Re-encrypt a stored age blob to another recipient as a stream, in bounded memory.

pyrage's streaming functions pull from a reader and push to a writer, so two helper threads
run them back to back: ``decrypt_io`` (the blob, with the hub's identity) writes plaintext into
a small bounded pipe, ``encrypt_io`` (to the device's key) reads it and writes ciphertext into
a second one, which the HTTP answer drains. Plaintext only ever sits in those few chunks of
memory: never on disk, never the whole file.
"""

from __future__ import annotations

import collections
import io
import threading
from collections.abc import Iterator
from typing import Any, BinaryIO

import pyrage
from pyrage import x25519

OUT_CHUNK = 256 * 1024  # ciphertext handed to the answer in pieces of about this size
CAPACITY = 8  # chunks waiting in each pipe at most


class Aborted(Exception):
    """The other end of a pipe stopped."""


class _Pipe:
    """Bounded, thread-safe chunks: ``put`` blocks while full; ``get`` gives None at the end."""

    def __init__(self) -> None:
        self._chunks: collections.deque[bytes] = collections.deque()
        self._cond = threading.Condition()
        self._closed = False
        self.aborted = False

    def put(self, chunk: bytes) -> None:
        with self._cond:
            while len(self._chunks) >= CAPACITY and not self.aborted:
                self._cond.wait()
            if self.aborted:
                raise Aborted()
            self._chunks.append(chunk)
            self._cond.notify_all()

    def get(self) -> bytes | None:
        with self._cond:
            while not self._chunks and not self._closed and not self.aborted:
                self._cond.wait()
            if self.aborted:
                raise Aborted()
            if not self._chunks:
                return None
            chunk = self._chunks.popleft()
            self._cond.notify_all()
            return chunk

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def abort(self) -> None:
        with self._cond:
            self.aborted = True
            self._chunks.clear()
            self._cond.notify_all()


class _Sink(io.RawIOBase):
    """Write end for pyrage: bytes gathered into chunks of ``size`` and put into a pipe."""

    def __init__(self, pipe: _Pipe, size: int) -> None:
        super().__init__()
        self._pipe = pipe
        self._size = size
        self._buf = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        self._buf += view
        if len(self._buf) >= self._size:
            self._pipe.put(bytes(self._buf))
            self._buf.clear()
        return len(view)

    def flush(self) -> None:
        pass

    def drain(self) -> None:
        if self._buf:
            self._pipe.put(bytes(self._buf))
            self._buf.clear()


class _Source(io.RawIOBase):
    """Read end for pyrage's ``encrypt_io``."""

    def __init__(self, pipe: _Pipe) -> None:
        super().__init__()
        self._pipe = pipe
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        target = memoryview(buffer).cast("B")
        if not self._pending:
            chunk = self._pipe.get()
            if chunk is None:
                return 0
            self._pending = memoryview(chunk)
        n = min(len(target), len(self._pending))
        target[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


class Reencryption:
    """Iterate to get the re-encrypted bytes; ``close`` stops the threads (also mid-way).

    A blob the identity cannot open, or a damaged one, ends the iteration with
    ``pyrage.DecryptError`` (the answer is cut short, so the client's age decryption fails
    too: a truncated age stream never decrypts)."""

    def __init__(
        self, blob: BinaryIO, identity: x25519.Identity, recipient: x25519.Recipient
    ) -> None:
        self._blob = blob
        self._plain = _Pipe()
        self._cipher = _Pipe()
        self.error: BaseException | None = None
        self._threads = [
            threading.Thread(target=self._decrypt, args=(identity,), name="reencrypt-d"),
            threading.Thread(target=self._encrypt, args=(recipient,), name="reencrypt-e"),
        ]
        for thread in self._threads:
            thread.daemon = True
            thread.start()

    def _fail(self, exc: BaseException) -> None:
        if self.error is None and not isinstance(exc, Aborted):
            self.error = exc
        self._plain.abort()
        self._cipher.abort()

    def _decrypt(self, identity: x25519.Identity) -> None:
        sink = _Sink(self._plain, 64 * 1024)
        try:
            pyrage.decrypt_io(self._blob, sink, [identity])
            sink.drain()
            self._plain.close()
        except BaseException as exc:  # noqa: BLE001 -- handed to the reading side
            self._fail(exc)

    def _encrypt(self, recipient: x25519.Recipient) -> None:
        sink = _Sink(self._cipher, OUT_CHUNK)
        try:
            pyrage.encrypt_io(_Source(self._plain), sink, [recipient])
            sink.drain()
            self._cipher.close()
        except BaseException as exc:  # noqa: BLE001 -- handed to the reading side
            self._fail(exc)

    def __iter__(self) -> Iterator[bytes]:
        try:
            while True:
                try:
                    chunk = self._cipher.get()
                except Aborted:
                    break
                if chunk is None:
                    return
                yield chunk
            if self.error is not None:
                raise self.error
        finally:
            self.close()

    def close(self) -> None:
        self._plain.abort()
        self._cipher.abort()
        for thread in self._threads:
            if thread is not threading.current_thread():
                thread.join()
        self._blob.close()
