"""hub.age_stream against pyrage as the oracle: every size at and around the 64 KiB chunk
boundaries re-encrypts to a file pyrage decrypts; a wrong key, an altered header or payload and
a file cut at a chunk boundary are refused."""

from __future__ import annotations

import io
import os

import pyrage
import pytest
from pyrage import x25519

from hub.age_stream import CHUNK, TAG, AgeFormatError, reencrypt

HUB = x25519.Identity.generate()
SPOKE = x25519.Identity.generate()
DEVICE = x25519.Identity.generate()


def stored(data: bytes) -> bytes:
    return pyrage.encrypt(data, [SPOKE.to_public(), HUB.to_public()])


def again(blob: bytes, identity: x25519.Identity = HUB) -> bytes:
    return b"".join(reencrypt(io.BytesIO(blob), identity, DEVICE.to_public()))


@pytest.mark.parametrize(
    "size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 3 * CHUNK + 17, 1_500_000]
)
def test_reencrypted_file_decrypts_with_the_device_key_only(size: int) -> None:
    data = os.urandom(size)
    out = again(stored(data))
    assert pyrage.decrypt(out, [DEVICE]) == data
    for other in (HUB, SPOKE):
        with pytest.raises(pyrage.DecryptError):
            pyrage.decrypt(out, [other])


def test_each_read_gets_a_fresh_file_key() -> None:
    blob = stored(b"same recording")
    assert again(blob) != again(blob)


def test_a_file_not_for_the_hub_is_refused_before_any_byte() -> None:
    blob = pyrage.encrypt(b"x" * 1000, [SPOKE.to_public()])
    with pytest.raises(AgeFormatError):
        reencrypt(io.BytesIO(blob), HUB, DEVICE.to_public())
    with pytest.raises(AgeFormatError):
        reencrypt(io.BytesIO(b"not age at all\n"), HUB, DEVICE.to_public())


@pytest.mark.parametrize(
    "header",
    [
        b"age-encryption.org/v1\n-> X25519 !!!\nAAAA\n--- AAAA\n",
        b"age-encryption.org/v1\n-> X25519 "
        + b"A" * 43
        + b"\n"
        + b"A" * 43
        + b"\n--- "
        + b"A" * 43
        + b"\n",
        b"age-encryption.org/v1\n-> X25519 abc\n",
        b"age-encryption.org/v1\n--- short\n",
    ],
)
def test_a_malformed_header_is_a_format_error(header: bytes) -> None:
    """Bad base64, a low-order (all-zero) share, a cut header, a bad MAC line: never another
    exception (which would be a 500)."""
    with pytest.raises(AgeFormatError):
        reencrypt(io.BytesIO(header + bytes(100)), HUB, DEVICE.to_public())


def test_an_altered_header_is_refused() -> None:
    blob = bytearray(stored(b"y" * 1000))
    end = blob.index(b"\n---")
    blob[end - 1 : end] = b"A" if blob[end - 1 : end] != b"A" else b"B"  # a stanza body
    with pytest.raises(AgeFormatError):
        again(bytes(blob))


@pytest.mark.parametrize("where", ["payload", "cut_at_chunk", "cut_inside"])
def test_a_damaged_or_cut_payload_is_refused(where: str) -> None:
    blob = stored(os.urandom(3 * CHUNK + 100))
    if where == "payload":
        damaged = bytearray(blob)
        damaged[-5000] ^= 1
        blob = bytes(damaged)
    elif where == "cut_at_chunk":
        blob = blob[: -(100 + TAG)]  # the last chunk gone: the one before is not marked last
    else:
        blob = blob[:-50]
    with pytest.raises(AgeFormatError):
        again(blob)
