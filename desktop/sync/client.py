"""HubClient: the hub's JSON API over httpx, for worker threads (never the UI thread).

TLS verification is always on (a pinned CA from settings replaces the system store); plain
HTTP is allowed only to loopback. An answer counts only when it is JSON and, for writes,
echoes the item's id: a captive portal's ``200 OK`` page never marks anything synced.
Expired access tokens are refreshed transparently; a revoked device is reported as such.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from desktop import __version__, logs
from desktop.sync.errors import (
    ConflictError,
    DeviceRevokedError,
    HubBusyError,
    HubServerError,
    HubUnreachableError,
    NotEnrolledError,
    RejectedError,
    SignInRequiredError,
    SyncError,
    TlsError,
    UnexpectedAnswerError,
)
from desktop.sync.pace import PaceTable, parse_retry_after
from desktop.sync.tokens import DeviceCredentials, TokenStore
from protocol.errors import ErrorCode, code_of
from protocol.ids import same_id

log = logs.get("sync")

API = "/api/v1"
AUDIT_HEAD_HEADER = "X-Spoke-Audit-Head"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=60.0, pool=30.0)
_PACE = PaceTable()


def tls_context(ca_pem: str = "") -> ssl.SSLContext:
    """Verifying context: the pinned CA alone when given, else the system's store."""
    if ca_pem.strip():
        return ssl.create_default_context(cadata=ca_pem)
    return ssl.create_default_context()


def check_url(base_url: str) -> str:
    """Normalise the hub URL; refuse plain HTTP except to this machine."""
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise RejectedError("hub address must start with https://")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        raise TlsError("plain http to a remote hub is refused")
    return base_url.strip().rstrip("/")


def json_body(response: httpx.Response, expect_id: str | None = None) -> Any:
    """The parsed JSON of a 2xx, or ``UnexpectedAnswerError`` (HTML, garbage, wrong id)."""
    ctype = response.headers.get("content-type", "").lower()
    if "json" not in ctype:
        raise UnexpectedAnswerError(f"{response.status_code} with content-type {ctype[:40]!r}")
    try:
        body = response.json()
    except ValueError:
        raise UnexpectedAnswerError("answer is not valid JSON") from None
    echoed = isinstance(body, dict) and same_id(body.get("id"), expect_id)
    if expect_id is not None and not echoed:
        raise UnexpectedAnswerError("answer does not echo the item id")
    return body


def _error_of(response: httpx.Response) -> tuple[ErrorCode | None, str]:
    """The hub's error code (what the client acts on) and its detail (for logs only)."""
    try:
        body = response.json()
    except ValueError:
        return None, ""
    detail = body.get("detail", "") if isinstance(body, dict) else ""
    return code_of(body), detail if isinstance(detail, str) else str(detail)[:200]


# 401 codes that mean this installation itself is no longer let in (not just the session).
DEVICE_SHUT_OUT = frozenset({ErrorCode.DEVICE_REVOKED})


def auth_error(hub_code: ErrorCode | None, detail: str = "") -> SyncError:
    """A 401 by its code: a shut-out device, else sign in again. The detail is never read."""
    if hub_code in DEVICE_SHUT_OUT:
        return DeviceRevokedError(detail, status=401, hub_code=hub_code)
    return SignInRequiredError(detail, status=401, hub_code=hub_code)


def _is_tls_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class HubClient:
    """One hub, one installation. Thread-safe; the access token is kept in memory only."""

    def __init__(
        self,
        base_url: str,
        tokens: TokenStore | None = None,
        *,
        ca_pem: str = "",
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = TIMEOUT,
        audit_head: Callable[[], tuple[int, str]] | None = None,
    ) -> None:
        self.base_url = check_url(base_url)
        self.tokens = tokens
        # The local audit chain's end, sent with each authenticated request so the hub
        # notices a rewritten log (a head that goes back or changes at a seq it has seen).
        self.audit_head = audit_head
        self._access: str | None = None
        self._auth_lock = threading.Lock()
        self.pace = _PACE.for_host(urlsplit(self.base_url).netloc)
        self.http = httpx.Client(
            base_url=self.base_url,
            verify=tls_context(ca_pem),
            timeout=timeout,
            transport=transport,
            trust_env=False,
            headers={"User-Agent": f"SpokeClinic/{__version__}"},
        )

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> HubClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, path: str) -> str:
        return path if path.startswith(("http://", "https://")) else self.base_url + path

    # -- transport -----------------------------------------------------------------------
    def send(
        self,
        method: str,
        path: str,
        *,
        auth: bool = True,
        headers: Mapping[str, str] | None = None,
        **kwargs: Any,
    ) -> httpx.Response:
        """One request with pacing, auth and a transparent token refresh on 401.

        Raises a ``SyncError`` for anything but 2xx/3xx (and tus' 409 with an offset)."""
        for attempt in range(2):
            wait = self.pace.reserve()
            if wait > 0:
                threading.Event().wait(wait)
            sent = dict(headers or {})
            if auth:
                sent["Authorization"] = f"Bearer {self._access_token()}"
                if self.audit_head is not None:
                    seq, last_hash = self.audit_head()
                    sent[AUDIT_HEAD_HEADER] = f"{seq}:{last_hash}"
            try:
                response = self.http.request(method, path, headers=sent, **kwargs)
            except httpx.TransportError as exc:
                if _is_tls_failure(exc):
                    raise TlsError(type(exc).__name__) from exc
                raise HubUnreachableError(type(exc).__name__) from exc
            if response.status_code == 401 and auth and attempt == 0:
                stale = sent["Authorization"].removeprefix("Bearer ")
                self._refresh(stale)
                continue
            self._raise_for(response)
            self.pace.succeeded()
            return response
        raise SignInRequiredError("still 401 after refresh")

    def _raise_for(self, response: httpx.Response) -> None:
        code = response.status_code
        if code < 400:
            return
        hub_code, detail = _error_of(response)
        if code in (429, 503):
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            self.pace.slowed(retry_after)
            raise HubBusyError(detail, status=code, hub_code=hub_code, retry_after=retry_after)
        if code == 401:
            raise auth_error(hub_code, detail)
        if code == 409:
            raise ConflictError(detail, status=code, hub_code=hub_code)
        if code >= 500:
            raise HubServerError(detail, status=code, hub_code=hub_code)
        if code == 408:
            raise HubUnreachableError("request timeout", status=code)
        raise RejectedError(detail, status=code, hub_code=hub_code)

    def call(
        self,
        method: str,
        path: str,
        *,
        expect_id: str | None = None,
        auth: bool = True,
        no_content_ok: bool = False,
        **kwargs: Any,
    ) -> Any:
        """A JSON API call; returns the verified parsed body (None for 204). With
        ``expect_id`` only a body echoing it counts, or a 204 if ``no_content_ok``."""
        response = self.send(
            method, API + path if path.startswith("/") else path, auth=auth, **kwargs
        )
        if response.status_code == 204 and (expect_id is None or no_content_ok):
            return None
        return json_body(response, expect_id)

    # -- tokens --------------------------------------------------------------------------
    def _device(self) -> DeviceCredentials:
        creds = self.tokens.device() if self.tokens else None
        if creds is None:
            raise NotEnrolledError("no device credentials")
        return creds

    def access_token(self) -> str:
        """Blocking: a valid access token (refreshed if needed), for the call's signaling
        room and ICE request, which do not go through this client."""
        return self._access_token()

    def _access_token(self) -> str:
        with self._auth_lock:
            if self._access is None:
                self._refresh_locked()
            assert self._access is not None
            return self._access

    def _refresh(self, stale: str) -> None:
        with self._auth_lock:
            if self._access == stale or self._access is None:
                self._access = None
                self._refresh_locked()

    def _refresh_locked(self) -> None:
        refresh = self.tokens.refresh_token() if self.tokens else None
        if not refresh:
            self._device()  # not enrolled beats "sign in"
            raise SignInRequiredError("no refresh token")
        body = self._token_request({"grant_type": "refresh_token", "refresh_token": refresh})
        self._accept_tokens(body)

    def _token_request(self, form: dict[str, str]) -> dict[str, Any]:
        try:
            response = self.http.post(API + "/auth/token", data=form)
        except httpx.TransportError as exc:
            if _is_tls_failure(exc):
                raise TlsError(type(exc).__name__) from exc
            raise HubUnreachableError(type(exc).__name__) from exc
        if response.status_code == 401:
            err = auth_error(*_error_of(response))
            if self.tokens is not None and form["grant_type"] == "refresh_token":
                self.tokens.forget_session()
            raise err
        self._raise_for(response)
        body = json_body(response)
        if not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
            raise UnexpectedAnswerError("token answer without access_token")
        return body

    def _accept_tokens(self, body: dict[str, Any]) -> None:
        # The refresh token rotates: keep the new one before using the access token.
        if self.tokens is not None and isinstance(body.get("refresh_token"), str):
            self.tokens.save_refresh_token(body["refresh_token"])
        self._access = body["access_token"]

    def sign_in(self, username: str, password: str) -> dict[str, Any]:
        """Password grant from this enrolled device; keeps the refresh token in the keyring."""
        creds = self._device()
        body = self._token_request(
            {
                "grant_type": "password",
                "username": username,
                "password": password,
                "client_id": creds.device_id,
                "client_secret": creds.device_secret,
            }
        )
        with self._auth_lock:
            self._accept_tokens(body)
        return body

    def set_access_token(self, token: str) -> None:
        with self._auth_lock:
            self._access = token

    def forget_access_token(self) -> None:
        """Signed out: the next request needs a new sign-in (or refresh token)."""
        with self._auth_lock:
            self._access = None
