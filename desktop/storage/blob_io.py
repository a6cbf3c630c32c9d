"""Streaming age encryption and decryption of one blob file: ``BlobWriter`` (temp file, fsync,
rename, SHA-256 of the ciphertext) and ``BlobReader`` (plaintext out, damage detected). pyrage's
pull-style ``encrypt_io``/``decrypt_io`` run on a helper thread behind a small bounded pipe, so
memory stays constant whatever the blob's size. ``BlobStore`` (blobs.py) hands these out.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

import pyrage
from pyrage import x25519

from desktop.storage.errors import BlobDamagedError, StorageError, StorageFullError
from desktop.storage.pipe import ChunkPipe, PipeAborted

CHUNK = 64 * 1024
PARTIAL_SUFFIX = ".partial"
_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


@dataclass(frozen=True)
class BlobRef:
    """What the database records about one blob. ``size`` counts ciphertext bytes on disk."""

    blob_id: str
    sha256: str
    size: int
    kind: str
    plaintext_size: int = 0
    recipients: tuple[str, ...] = field(default=())


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows has no directory fsync; NTFS journals the rename.
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _map_os_error(exc: BaseException) -> StorageError | None:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageFullError(f"errno {exc.errno}")
    return None


class _HashingSink(io.RawIOBase):
    """Write end for pyrage: ciphertext straight to the temp file, hashed on the way."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self._fd = fd
        self.sha = hashlib.sha256()
        self.size = 0
        self.error: BaseException | None = None

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")
        try:
            done = 0
            while done < len(view):
                done += os.write(self._fd, view[done:])
        except OSError as exc:
            self.error = exc
            raise
        self.sha.update(view)
        self.size += len(view)
        return len(view)

    def flush(self) -> None:
        pass


class BlobWriter:
    """Context manager returned by ``BlobStore.create``; ``ref`` is set after a clean exit."""

    def __init__(
        self,
        kind: str,
        blob_id: str,
        final: Path,
        partial_dir: Path,
        recipients: list[x25519.Recipient],
    ) -> None:
        self.kind = kind
        self.blob_id = blob_id
        self.ref: BlobRef | None = None
        self._final = final
        self._temp = partial_dir / f"{blob_id}.{uuid.uuid4().hex[:8]}{PARTIAL_SUFFIX}"
        self._recipients = list(recipients)
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY
            self._fd = os.open(self._temp, flags, 0o600)
        except OSError as exc:
            mapped = _map_os_error(exc)
            if mapped is not None:
                raise mapped from exc
            raise
        self._sink = _HashingSink(self._fd)
        self._pipe = ChunkPipe()
        self._plain = 0
        self._error: BaseException | None = None
        self._closed = False
        self._thread = threading.Thread(
            target=self._encrypt, name=f"blob-encrypt-{blob_id[:8]}", daemon=True
        )
        self._thread.start()

    def _encrypt(self) -> None:
        try:
            pyrage.encrypt_io(self._pipe.reader(), self._sink, self._recipients)
        except BaseException as exc:  # noqa: BLE001 -- re-raised in the writing thread
            self._error = exc
            self._pipe.abort()

    def write(self, data: bytes | bytearray | memoryview) -> int:
        if self._closed:
            raise ValueError("blob writer is closed")
        view = memoryview(data).cast("B")
        for start in range(0, len(view), CHUNK):
            # Copy: the caller may reuse its buffer as soon as we return.
            if not self._pipe.put(bytes(view[start : start + CHUNK])):
                self._raise_failure()
        self._plain += len(view)
        return len(view)

    def _raise_failure(self) -> None:
        self._thread.join()
        self._discard()
        cause = self._sink.error or self._error
        mapped = _map_os_error(cause) if cause else None
        if mapped is not None:
            raise mapped from cause
        raise StorageError(f"blob encryption failed: {type(cause).__name__}") from cause

    def _discard(self) -> None:
        self._closed = True
        try:
            os.close(self._fd)
        except OSError:
            pass
        self._temp.unlink(missing_ok=True)

    def abort(self) -> None:
        """Drop everything written so far; no file is left behind."""
        if self._closed:
            return
        self._pipe.abort()
        self._thread.join()
        self._discard()

    def close(self) -> BlobRef:
        """Finish the age stream, make it durable and visible; returns the ``BlobRef``."""
        if self.ref is not None:
            return self.ref
        if self._closed:
            raise ValueError("blob writer was aborted")
        self._pipe.close()
        self._thread.join()
        if self._error is not None or self._sink.error is not None:
            self._raise_failure()
        try:
            os.fsync(self._fd)
            os.close(self._fd)
            self._closed = True
            self._final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self._temp, self._final)
            _fsync_dir(self._final.parent)
        except OSError as exc:
            self._discard()
            mapped = _map_os_error(exc)
            if mapped is not None:
                raise mapped from exc
            raise
        self.ref = BlobRef(
            blob_id=self.blob_id,
            sha256=self._sink.sha.hexdigest(),
            size=self._sink.size,
            kind=self.kind,
            plaintext_size=self._plain,
            recipients=tuple(str(r) for r in self._recipients),
        )
        return self.ref

    def __enter__(self) -> BlobWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


class _PipeSink(io.RawIOBase):
    """Write end for pyrage's decryptor: plaintext chunks into the bounded pipe."""

    def __init__(self, pipe: ChunkPipe) -> None:
        super().__init__()
        self._pipe = pipe

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        if not self._pipe.put(chunk):
            raise PipeAborted("reader closed")
        return len(chunk)

    def flush(self) -> None:
        pass


def _decrypt(
    source: BinaryIO,
    pipe: ChunkPipe,
    identities: list[x25519.Identity],
    errors: list[BaseException],
) -> None:
    """The decrypting thread of a ``BlobReader``: plaintext into ``pipe``, or the error."""
    try:
        pyrage.decrypt_io(source, _PipeSink(pipe), identities)
    except BaseException as exc:  # noqa: BLE001 -- re-raised in the reading thread
        errors.append(exc)
        pipe.abort()
    else:
        pipe.close()


class BlobReader(io.RawIOBase):
    """Streaming plaintext of one blob. Raises ``BlobDamagedError`` on tamper or truncation."""

    def __init__(self, path: Path, identities: Sequence[x25519.Identity]) -> None:
        super().__init__()
        self._file = open(path, "rb")  # noqa: SIM115 -- closed in close()
        self._pipe = ChunkPipe()
        self._pending = memoryview(b"")
        self._errors: list[BaseException] = []
        # The thread holds the file, the pipe and the error list, never the reader itself: a
        # reader dropped before its end is collected (io's finaliser closes it, which aborts
        # the pipe), so its thread ends instead of waiting forever on a full pipe.
        self._thread = threading.Thread(
            target=_decrypt,
            args=(self._file, self._pipe, list(identities), self._errors),
            name="blob-decrypt",
            daemon=True,
        )
        self._thread.start()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        target = memoryview(buffer).cast("B")
        if not self._pending:
            chunk = self._pipe.get()
            if chunk is None:
                if self._pipe.aborted:
                    self._thread.join()
                    error = self._errors[0] if self._errors else None
                    if error is not None and not isinstance(error, PipeAborted):
                        raise BlobDamagedError(type(error).__name__) from error
                return 0
            self._pending = memoryview(chunk)
        n = min(len(target), len(self._pending))
        target[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def chunks(self) -> Iterator[bytes]:
        """Plaintext in pieces of at most 64 KiB."""
        while True:
            piece = self.read(CHUNK)
            if not piece:
                return
            yield piece

    def close(self) -> None:
        if not self.closed:
            self._pipe.abort()
            self._thread.join()
            self._file.close()
        super().close()
