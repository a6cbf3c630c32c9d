"""Unit checks of the sync engine's small parts: backoff, pacing, Retry-After, keyring
splitting, the echo check, and chunk-size adaptation."""

from __future__ import annotations

import random
import time
from email.utils import formatdate

import httpx
import pytest

from desktop.sync.client import HubClient, check_url, json_body
from desktop.sync.errors import HubBusyError, TlsError, UnexpectedAnswerError
from desktop.sync.pace import HostPace, backoff_delay, parse_retry_after
from desktop.sync.tokens import PART_CHARS, DeviceCredentials, TokenStore
from desktop.sync.tus import ChunkSizer


class MemoryKeyring:
    """Stands in for the OS keyring and enforces Windows' per-entry size limit."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.values.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        assert len(password.encode("utf-16-le")) <= 2560, "over the Windows limit"
        self.values[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.values.pop((service, username), None)


def test_backoff_grows_with_jitter_is_capped_and_honours_retry_after() -> None:
    rng = random.Random(1)
    delays = [backoff_delay(n, base=1, cap=60, rng=rng) for n in range(1, 12)]
    assert all(
        0.5 * min(60, 2**n) <= d <= min(60, 2**n) for n, d in zip(range(1, 12), delays, strict=True)
    )
    assert max(delays) <= 60
    assert len({round(d, 6) for d in delays}) == len(delays)  # jittered
    assert backoff_delay(1, base=1, cap=60, retry_after=30) == 30
    assert backoff_delay(1, base=1, cap=60, retry_after=3600) == 60  # a hostile value capped


def test_retry_after_seconds_and_http_date() -> None:
    assert parse_retry_after("7") == 7
    assert 9 <= parse_retry_after(formatdate(time.time() + 10, usegmt=True)) <= 10.5
    assert parse_retry_after("soon") == 0 and parse_retry_after(None) == 0


def test_host_pace_slows_on_busy_and_recovers() -> None:
    pace = HostPace(max_gap=1.0)
    assert pace.reserve() == 0
    pace.slowed(retry_after=0.2)
    assert 0.15 <= pace.reserve() <= 0.2
    for _ in range(20):
        pace.slowed()
    assert pace.gap == 1.0
    for _ in range(12):
        pace.succeeded()
    assert pace.gap == 0


def test_busy_answer_raises_with_retry_after_and_slows_the_host() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, json={"detail": "slow down"}, headers={"Retry-After": "3"})

    client = HubClient("http://127.0.0.1:9", transport=httpx.MockTransport(handler))
    try:
        with pytest.raises(HubBusyError) as caught:
            client.call("GET", "/healthz", auth=False)
        assert caught.value.retry_after == 3 and client.pace.gap > 0
    finally:
        client.pace.succeeded()
        client.close()


def test_only_a_json_echo_of_the_id_counts() -> None:
    rid = "0f8fad5b-d9cb-469f-a165-70867728950e"
    ok = httpx.Response(200, json={"id": rid.replace("-", "")})
    assert json_body(ok, rid)["id"]
    for bad in (
        httpx.Response(
            200, text="<html>Login to Wi-Fi</html>", headers={"content-type": "text/html"}
        ),
        httpx.Response(200, text="{not json", headers={"content-type": "application/json"}),
        httpx.Response(200, json={"id": "something-else"}),
        httpx.Response(200, json=[rid]),
    ):
        with pytest.raises(UnexpectedAnswerError):
            json_body(bad, rid)


def test_plain_http_only_to_loopback() -> None:
    assert check_url("http://127.0.0.1:8000/") == "http://127.0.0.1:8000"
    assert check_url("https://hub.example.in") == "https://hub.example.in"
    with pytest.raises(TlsError):
        check_url("http://hub.example.in")


def test_long_keyring_values_are_split_under_the_windows_limit() -> None:
    store = TokenStore("test-service", backend=MemoryKeyring())
    long_token = "r" * (PART_CHARS * 3 + 17)
    store.save_refresh_token(long_token)
    assert store.refresh_token() == long_token
    creds = DeviceCredentials("https://hub.example.in", "dev", "secret", "fac", "age1xyz")
    store.save_device(creds)
    assert store.device() == creds
    store.forget_all()
    assert store.refresh_token() is None and store.device() is None
    assert store._kr.values == {}  # type: ignore[attr-defined]


def test_chunk_size_follows_the_link() -> None:
    sizer = ChunkSizer(minimum=64 * 1024, maximum=16 * 1024 * 1024, target_seconds=1.0)
    for _ in range(6):
        sizer.measured(sizer.size, sizer.size / 50e6)  # a 50 MB/s link
    assert sizer.size == 16 * 1024 * 1024  # capped
    slow = ChunkSizer(target_seconds=1.0)
    for _ in range(6):
        slow.measured(slow.size, slow.size / 200e3)  # a 200 kB/s link
    assert 128 * 1024 <= slow.size <= 256 * 1024
    slow.failed()
    assert slow.size >= slow.minimum and slow.size % slow.minimum == 0
