"""The desktop picks its error by the hub's ``code``, never by the ``detail`` text, and the
operator's words for each error exist once, translated, in desktop/ui/sync/messages.py."""

from __future__ import annotations

import inspect

import httpx
import pytest

from desktop.sync import errors, tokens, tus
from desktop.sync.client import HubClient
from desktop.sync.errors import DeviceRevokedError, SignInRequiredError, SyncError
from protocol.errors import ErrorCode

# Each detail lies about the code beside it: only the code may decide.
CASES = [
    (ErrorCode.DEVICE_REVOKED, "session expired", DeviceRevokedError),
    (ErrorCode.NOT_AUTHENTICATED, "device revoked", SignInRequiredError),
    (ErrorCode.SESSION_ENDED, "device not enrolled or revoked", SignInRequiredError),
    (ErrorCode.BAD_CREDENTIALS, "device revoked", SignInRequiredError),
    (ErrorCode.ACCOUNT_LOCKED, "", SignInRequiredError),
    (ErrorCode.DEVICE_REQUIRED, "device revoked", SignInRequiredError),
]


def client_answering(status: int, body: object) -> HubClient:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body)

    return HubClient("http://127.0.0.1:9", transport=httpx.MockTransport(handler))


@pytest.mark.parametrize(("code", "detail", "expected"), CASES)
def test_a_401_maps_by_its_code(code: ErrorCode, detail: str, expected: type[SyncError]) -> None:
    client = client_answering(401, {"code": code.value, "detail": detail})
    with client, pytest.raises(SyncError) as caught:
        client.call("GET", "/consults", auth=False)
    assert type(caught.value) is expected and caught.value.hub_code is code


def test_a_401_without_a_code_means_sign_in_whatever_its_detail_says() -> None:
    client = client_answering(401, {"detail": "device revoked"})
    with client, pytest.raises(SignInRequiredError) as caught:
        client.call("GET", "/consults", auth=False)
    assert caught.value.hub_code is None


def test_the_refresh_grant_maps_by_code_too() -> None:
    class Store:
        def refresh_token(self) -> str:
            return "a-refresh-token"

        def forget_session(self) -> None:
            self.forgotten = True

    store = Store()
    with client_answering(401, {"code": "device_revoked", "detail": "whatever"}) as client:
        client.tokens = store  # type: ignore[assignment]
        with pytest.raises(DeviceRevokedError):
            client.call("GET", "/consults")
    assert store.forgotten


def test_other_errors_keep_the_hub_code() -> None:
    client = client_answering(422, {"code": "prohibited_drug", "detail": {"drugs": ["x"]}})
    with client, pytest.raises(errors.RejectedError) as caught:
        client.call("GET", "/consults", auth=False)
    assert caught.value.hub_code is ErrorCode.PROHIBITED_DRUG


def sync_errors() -> list[type[SyncError]]:
    found = {SyncError}
    for module in (errors, tokens, tus):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, SyncError):
                found.add(cls)
    return sorted(found, key=lambda c: c.__name__)


def test_every_sync_error_has_its_words_once_in_the_ui() -> None:
    from desktop.ui.sync.messages import error_text

    for cls in sync_errors():
        assert "message" not in vars(cls), f"{cls.__name__} carries its own English text"
        if cls is not SyncError:
            assert error_text(cls("x").kind, "") != "", f"no text for {cls.__name__}"
