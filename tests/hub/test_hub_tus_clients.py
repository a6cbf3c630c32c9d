"""Standard tus clients against the hub, unconfigured (issue 14, defect 7).

tuspy (Python) and tus-js-client (Node) upload, abort and resume with their default settings,
which send the whole rest of the file in one PATCH: the hub streams it to disk with no
per-request cap. Also the protocol points they rely on: X-HTTP-Method-Override, Tus-Resumable
on 401 answers, OPTIONS on an upload URL.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import random
import shutil
import subprocess
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from tusclient import client as tus_client
from tusclient.uploader import Uploader

from hub.config import HubConfig
from hub.storage import FilesystemStorage
from tests.hub.world import World

TUS = {"Tus-Resumable": "1.0.0"}
# Larger than the 16 MiB a single PATCH used to be allowed.
SIZE = 20 * 1024 * 1024 + 12_345


@pytest.fixture
def config(config: HubConfig) -> HubConfig:
    config.max_upload_bytes = 64 * 1024 * 1024
    config.max_chunk_bytes = 16 * 1024 * 1024
    return config


@pytest.fixture(scope="module")
def blob() -> bytes:
    return random.Random(14).randbytes(SIZE)


def stored_sha256(world: World, url: str) -> str:
    path = urlsplit(url).path
    info = world.client.get(f"{path}/info", headers=world["opA"].h).json()
    assert info["complete"], info
    return str(info["sha256"])


def test_tuspy_uploads_aborts_and_resumes(world: World, live: str, blob: bytes) -> None:
    cid = world.consult("opA")["id"]
    client = tus_client.TusClient(f"{live}/api/v1/uploads", headers=world["opA"].h)
    first = Uploader(file_stream=io.BytesIO(blob), client=client, metadata={"consult_id": cid})
    first.upload(stop_at=SIZE // 3)  # stops after one PATCH of a third: the "abort"
    assert first.url is not None
    path = urlsplit(first.url).path
    head = world.client.head(path, headers=world["opA"].h | TUS)
    assert int(head.headers["Upload-Offset"]) == SIZE // 3
    # A new uploader (a restarted client) resumes from the server's offset, rest in one PATCH.
    second = Uploader(file_stream=io.BytesIO(blob), client=client, url=first.url)
    assert second.offset == SIZE // 3
    second.upload()
    assert stored_sha256(world, first.url) == hashlib.sha256(blob).hexdigest()


def test_tuspy_with_checksums(world: World, live: str, blob: bytes) -> None:
    cid = world.consult("opA")["id"]
    client = tus_client.TusClient(f"{live}/api/v1/uploads", headers=world["opA"].h)
    up = Uploader(
        file_stream=io.BytesIO(blob[:3_000_000]),
        client=client,
        metadata={"consult_id": cid},
        upload_checksum=True,
    )
    up.upload()
    assert stored_sha256(world, str(up.url)) == hashlib.sha256(blob[:3_000_000]).hexdigest()


NODE_SCRIPT = r"""
const tus = require('tus-js-client');
const fs = require('fs');
const readline = require('readline');
const [endpoint, token, consultId, file, overridePatch] = process.argv.slice(2);
const common = {
  headers: { Authorization: 'Bearer ' + token },
  metadata: { consult_id: consultId, filename: 'scan.age' },
  overridePatchMethod: overridePatch === 'yes',
};
function fail(err) { console.error(String(err)); process.exit(1); }
const first = new tus.Upload(fs.createReadStream(file), Object.assign({}, common, {
  endpoint,
  onError: fail,
  onSuccess() { fail('finished before the abort'); },
}));
// The test says when to abort (the hub holds part of the body) and when to resume (the hub
// has closed the aborted request).
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line === 'abort') {
    first.abort().then(() => console.log('aborted'), fail);
    return;
  }
  const second = new tus.Upload(fs.createReadStream(file), Object.assign({}, common, {
    uploadUrl: first.url,
    onError: fail,
    onSuccess() { console.log(JSON.stringify({ url: second.url })); process.exit(0); },
  }));
  second.start();
});
first.start();
"""


class Gate:
    """Holds the hub's first PATCH once a third of the body is stored (``reached``) until
    the client has aborted (``release``); then tells when the hub closed it (``closed``)."""

    def __init__(self) -> None:
        self.reached = threading.Event()
        self.release = threading.Event()
        self.closed = threading.Event()

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real = FilesystemStorage.begin_append
        gate = self

        def begin(self: FilesystemStorage, blob_id: str, offset: int, wait: float = 10.0) -> Any:
            append = real(self, blob_id, offset, wait)
            if offset != 0:
                return append
            write, close = append.write, append.close
            stored = [0]

            def held_write(data: bytes) -> None:
                write(data)
                stored[0] += len(data)
                if stored[0] >= SIZE // 3:
                    gate.reached.set()
                    gate.release.wait(60)

            def noted_close() -> None:
                close()
                gate.closed.set()

            append.write = held_write  # type: ignore[method-assign]
            append.close = noted_close  # type: ignore[method-assign]
            return append

        monkeypatch.setattr(FilesystemStorage, "begin_append", begin)


@pytest.fixture(scope="session")
def tus_js(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tus-js-client installed by npm into a folder of this test session."""
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        pytest.skip("node and npm are needed to run tus-js-client (apt-get install -y npm)")
    folder = tmp_path_factory.mktemp("tus-js")
    subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--loglevel=error", "--prefix", str(folder)]
        + ["tus-js-client@^4"],
        check=True,
        timeout=300,
        capture_output=True,
    )
    script = folder / "upload.js"
    script.write_text(NODE_SCRIPT, encoding="utf-8")
    return script


@pytest.mark.parametrize("override", ["no", "yes"])
def test_tus_js_client_uploads_aborts_and_resumes(
    world: World,
    live: str,
    blob: bytes,
    tus_js: Path,
    tmp_path: Path,
    override: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Default settings (the whole file in one PATCH); with override=yes every PATCH goes as
    POST + X-HTTP-Method-Override."""
    gate = Gate()
    gate.install(monkeypatch)
    cid = world.consult("opA")["id"]
    source = tmp_path / "blob.bin"
    source.write_bytes(blob)
    node = subprocess.Popen(
        ["node", str(tus_js), f"{live}/api/v1/uploads", world["opA"].token, cid, str(source)]
        + [override],
        cwd=tus_js.parent,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert node.stdout is not None and node.stdin is not None
        assert gate.reached.wait(60), "the hub never got a third of the body"
        node.stdin.write("abort\n")
        node.stdin.flush()
        first = node.stdout.readline().strip()
        assert first == "aborted", node.stderr.read() if node.stderr else ""
        gate.release.set()
        assert gate.closed.wait(60)
        listed = world.client.get(f"/api/v1/consults/{cid}/uploads", headers=world["opA"].h)
        upload_id = listed.json()[0]["id"]
        kept = world.client.head(f"/api/v1/uploads/{upload_id}", headers=world["opA"].h | TUS)
        assert SIZE // 3 <= int(kept.headers["Upload-Offset"]) < SIZE  # the part that came
        node.stdin.write("go\n")
        node.stdin.flush()
        out, err = node.communicate(timeout=240)
    finally:
        gate.release.set()
        if node.poll() is None:
            node.kill()
            node.wait()
    assert node.returncode == 0, err
    url = json.loads(out.strip().splitlines()[-1])["url"]
    assert stored_sha256(world, url) == hashlib.sha256(blob).hexdigest()


def _upload_url(world: World, length: int = 10) -> str:
    cid = world.consult("opA")["id"]
    meta = "consult_id " + base64.b64encode(cid.encode()).decode()
    headers = world["opA"].h | TUS | {"Upload-Length": str(length), "Upload-Metadata": meta}
    r = world.client.post("/api/v1/uploads", headers=headers)
    assert r.status_code == 201
    return urlsplit(r.headers["Location"]).path


def test_method_override_patch_and_delete(world: World) -> None:
    url = _upload_url(world)
    headers = world["opA"].h | TUS | {"Upload-Offset": "0", "X-HTTP-Method-Override": "PATCH"}
    headers["Content-Type"] = "application/offset+octet-stream"
    r = world.client.post(url, content=b"01234", headers=headers)
    assert r.status_code == 204 and r.headers["Upload-Offset"] == "5"
    r = world.client.post(url, headers=world["opA"].h | TUS | {"X-HTTP-Method-Override": "DELETE"})
    assert r.status_code == 204
    assert world.client.head(url, headers=world["opA"].h | TUS).status_code == 404


def test_unauthenticated_tus_answers_name_the_protocol(world: World) -> None:
    url = _upload_url(world)
    for method in ("POST", "HEAD", "PATCH", "DELETE"):
        target = "/api/v1/uploads" if method == "POST" else url
        r = world.client.request(method, target, headers=TUS)
        assert r.status_code == 401, method
        assert r.headers["Tus-Resumable"] == "1.0.0", method


def test_options_on_an_upload_url(world: World) -> None:
    url = _upload_url(world)
    r = world.client.options(url)
    assert r.status_code == 204
    assert r.headers["Tus-Version"] == "1.0.0" and r.headers["Tus-Resumable"] == "1.0.0"
    assert "creation" in r.headers["Tus-Extension"]
