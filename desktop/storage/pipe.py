"""A small bounded, thread-safe pipe of byte chunks: the bridge between push-style callers
and pyrage's pull-style streaming functions, keeping memory constant (backpressure)."""

from __future__ import annotations

import collections
import io
import threading
from typing import Any


class PipeAborted(Exception):
    """The other end gave up; the stream must stop."""


class ChunkPipe:
    """``put`` blocks while ``capacity`` chunks wait; ``get`` returns None at the end."""

    def __init__(self, capacity: int = 8) -> None:
        self._chunks: collections.deque[bytes] = collections.deque()
        self._capacity = capacity
        self._cond = threading.Condition()
        self._closed = False
        self.aborted = False

    def put(self, chunk: bytes) -> bool:
        """Queue a chunk; False if the pipe was aborted (the chunk is dropped)."""
        with self._cond:
            while len(self._chunks) >= self._capacity and not self.aborted:
                self._cond.wait()
            if self.aborted:
                return False
            self._chunks.append(chunk)
            self._cond.notify_all()
            return True

    def get(self) -> bytes | None:
        """Next chunk, or None once closed and drained, or at once after an abort."""
        with self._cond:
            while not self._chunks and not self._closed and not self.aborted:
                self._cond.wait()
            if self.aborted or not self._chunks:
                return None
            chunk = self._chunks.popleft()
            self._cond.notify_all()
            return chunk

    def close(self) -> None:
        """No more chunks will come; readers drain what is queued, then see the end."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def abort(self) -> None:
        """Stop both ends now and drop queued chunks."""
        with self._cond:
            self.aborted = True
            self._chunks.clear()
            self._cond.notify_all()

    def reader(self) -> _PipeReader:
        return _PipeReader(self)


class _PipeReader(io.RawIOBase):
    """File-like read end, as pyrage's ``encrypt_io`` wants it."""

    def __init__(self, pipe: ChunkPipe) -> None:
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
                if self._pipe.aborted:
                    raise PipeAborted("writer aborted")
                return 0
            self._pending = memoryview(chunk)
        n = min(len(target), len(self._pending))
        target[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n
