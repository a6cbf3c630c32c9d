"""Blob store: age format, multi-recipient, streaming, atomicity, tamper and truncation."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pyrage
import pytest
from pyrage import x25519

from desktop.storage.blobs import BlobStore
from desktop.storage.errors import BlobDamagedError, BlobMissingError

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def ids() -> tuple[x25519.Identity, x25519.Identity]:
    return x25519.Identity.generate(), x25519.Identity.generate()


def test_round_trip_is_standard_age_and_either_identity_opens_it(tmp_path: Path, ids) -> None:
    own, hub = ids
    store = BlobStore(tmp_path, own, [hub.to_public()])
    payload = os.urandom(300_000)
    with store.create("photo") as writer:
        for i in range(0, len(payload), 7_777):  # odd sizes on purpose
            writer.write(payload[i : i + 7_777])
    ref = writer.ref
    assert ref is not None and ref.kind == "photo" and ref.plaintext_size == len(payload)
    raw = store.path_of(ref.blob_id).read_bytes()
    assert raw.startswith(b"age-encryption.org/v1\n")
    assert ref.size == len(raw)
    assert ref.sha256 == hashlib.sha256(raw).hexdigest()
    # Reference semantics: pyrage from raw bytes, each identity alone.
    assert pyrage.decrypt(raw, [own]) == payload
    assert pyrage.decrypt(raw, [hub]) == payload
    assert set(ref.recipients) == {str(own.to_public()), str(hub.to_public())}
    # And the store's own streaming reader.
    with store.open(ref.blob_id, ref.sha256) as reader:
        assert b"".join(reader.chunks()) == payload


def test_store_reads_what_pyrage_wrote(tmp_path: Path, ids) -> None:
    own, _ = ids
    store = BlobStore(tmp_path, own)
    blob_id = "ab" * 16
    path = store.path_of(blob_id)
    path.parent.mkdir(parents=True)
    path.write_bytes(pyrage.encrypt(b"written elsewhere", [own.to_public()]))
    assert store.read_all(blob_id) == b"written elsewhere"


def test_hub_only_identity_cannot_be_replaced_by_a_stranger(tmp_path: Path, ids) -> None:
    own, _ = ids
    ref = BlobStore(tmp_path, own).put("attachment", b"x" * 1000)
    stranger = BlobStore(tmp_path, x25519.Identity.generate())
    with pytest.raises(BlobDamagedError), stranger.open(ref.blob_id) as reader:
        reader.read()


def test_nothing_visible_until_close_and_abort_leaves_no_file(tmp_path: Path, ids) -> None:
    store = BlobStore(tmp_path, ids[0])
    writer = store.create("recording-segment")
    writer.write(b"a" * 500_000)
    final = store.path_of(writer.blob_id)
    assert not final.exists()
    assert len(list(store.partial_dir.iterdir())) == 1
    writer.abort()
    assert not final.exists()
    assert list(store.partial_dir.iterdir()) == []

    with pytest.raises(RuntimeError), store.create("photo") as failing:
        failing.write(b"b" * 100_000)
        raise RuntimeError("capture failed")
    assert not store.path_of(failing.blob_id).exists()
    assert list(store.partial_dir.iterdir()) == []


def test_partials_left_by_a_crash_are_removed_at_start(tmp_path: Path, ids) -> None:
    store = BlobStore(tmp_path, ids[0])
    (store.partial_dir / "deadbeef.1234.partial").write_bytes(b"junk")
    assert store.remove_partials() == 1
    assert list(store.partial_dir.iterdir()) == []


def test_tampered_blob_is_refused(tmp_path: Path, ids) -> None:
    store = BlobStore(tmp_path, ids[0])
    ref = store.put("photo", os.urandom(200_000))
    path = store.path_of(ref.blob_id)
    raw = bytearray(path.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    path.write_bytes(bytes(raw))
    # With the recorded checksum: refused before any byte is returned.
    with pytest.raises(BlobDamagedError):
        store.open(ref.blob_id, ref.sha256)
    # Without it, age's authentication still stops the stream.
    with pytest.raises(BlobDamagedError), store.open(ref.blob_id) as reader:
        reader.read()


@pytest.mark.parametrize("keep", ["all-but-one", "chunk-boundary", "half-chunk", "header-only"])
def test_truncated_blob_is_refused(tmp_path: Path, ids, keep: str) -> None:
    store = BlobStore(tmp_path, ids[0])
    ref = store.put("recording-segment", os.urandom(200_000))
    path = store.path_of(ref.blob_id)
    # Cutting on a chunk boundary too: age must notice the missing final chunk.
    raw = path.read_bytes()
    header_end = raw.index(b"\n", raw.index(b"\n--- ") + 1) + 1
    boundary = header_end + 16 + 2 * (65536 + 16)  # nonce, then two whole chunks
    cut = {
        "all-but-one": ref.size - 1,
        "chunk-boundary": boundary,
        "half-chunk": ref.size // 2,
        "header-only": 200,
    }[keep]
    path.write_bytes(path.read_bytes()[:cut])
    with pytest.raises(BlobDamagedError):
        store.open(ref.blob_id, ref.sha256)
    with pytest.raises(BlobDamagedError), store.open(ref.blob_id) as reader:
        reader.read()


def test_missing_blob(tmp_path: Path, ids) -> None:
    store = BlobStore(tmp_path, ids[0])
    with pytest.raises(BlobMissingError):
        store.open("cd" * 16)


def test_reencrypt_adds_the_hub_key_later(tmp_path: Path, ids) -> None:
    own, hub = ids
    store = BlobStore(tmp_path, own)
    ref = store.put("attachment", b"report" * 10_000)
    raw = store.path_of(ref.blob_id).read_bytes()
    with pytest.raises(pyrage.DecryptError):
        pyrage.decrypt(raw, [hub])
    store.add_recipient(hub.to_public())
    new = store.reencrypt(ref)
    assert new.blob_id == ref.blob_id and new.sha256 != ref.sha256
    assert pyrage.decrypt(store.path_of(ref.blob_id).read_bytes(), [hub]) == b"report" * 10_000
    assert list(store.partial_dir.iterdir()) == []


def test_early_close_of_a_reader_stops_cleanly(tmp_path: Path, ids) -> None:
    store = BlobStore(tmp_path, ids[0])
    ref = store.put("recording-segment", os.urandom(2_000_000))
    with store.open(ref.blob_id) as reader:
        assert len(reader.read(10)) == 10


def test_a_reader_dropped_unread_ends_its_thread(tmp_path: Path, ids) -> None:
    """A reader never read to its end nor closed (a caller that reads a header and lets go)
    must not leave its decrypting thread blocked on a full pipe for the rest of the run."""
    store = BlobStore(tmp_path, ids[0])
    ref = store.put("recording-segment", os.urandom(2_000_000))
    reader = store.open(ref.blob_id)
    assert len(reader.read(10)) == 10
    thread = reader._thread
    del reader
    gc.collect()
    thread.join(timeout=30)  # a guard only: the join returns as soon as the thread ends
    assert not thread.is_alive()


def test_streaming_keeps_memory_constant(tmp_path: Path) -> None:
    """A 256 MB blob written and read back must not grow the process by more than ~40 MB."""
    script = textwrap.dedent(
        """
        import json, resource, sys
        from pathlib import Path
        from pyrage import x25519
        from desktop.storage.blobs import BlobStore
        store = BlobStore(Path(sys.argv[1]), x25519.Identity.generate())
        block = bytes(range(256)) * 4096  # 1 MiB
        store.put("photo", block)  # warm up threads and allocator
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with store.create("recording-segment") as w:
            for _ in range(256):
                w.write(block)
        n = 0
        with store.open(w.ref.blob_id, w.ref.sha256) as r:
            for piece in r.chunks():
                n += len(piece)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(json.dumps({"base_kb": base, "peak_kb": peak, "n": n, "size": w.ref.size}))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert figures["n"] == 256 * 1024 * 1024
    assert figures["peak_kb"] - figures["base_kb"] < 40 * 1024, figures


def test_several_threads_write_and_read_at_once(tmp_path: Path, ids) -> None:
    """Recorder, attachments and thumbnails work in parallel on one store."""
    from concurrent.futures import ThreadPoolExecutor

    store = BlobStore(tmp_path, ids[0], [ids[1].to_public()])

    def round_trip(n: int) -> bool:
        payload = os.urandom(50_000 + n * 1_000)
        with store.create("recording-segment") as w:
            for i in range(0, len(payload), 4_096):
                w.write(payload[i : i + 4_096])
        assert w.ref is not None
        return store.read_all(w.ref.blob_id, w.ref.sha256) == payload

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(round_trip, range(24)))
    assert len(list(tmp_path.glob("*/*.age"))) == 24
    assert list(store.partial_dir.iterdir()) == []
