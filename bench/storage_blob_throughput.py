"""Blob encrypt+write throughput: BlobStore (age via pyrage, streamed, fsynced) against
`openssl enc -aes-256-ctr` on the same plaintext file, each in its own process so its peak
RSS is its own. Usage: bench/storage_blob_throughput.py [--size-mb 1024] [--dir DIR]"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

CHILD = r"""
import os, sys, time
from pathlib import Path
from pyrage import x25519
from desktop.storage.blobs import BlobStore
plain, root = sys.argv[1], Path(sys.argv[2])
store = BlobStore(root, x25519.Identity.generate(), [x25519.Identity.generate().to_public()])
start = time.perf_counter()
with open(plain, "rb") as src, store.create("recording-segment") as w:
    while chunk := src.read(1024 * 1024):
        w.write(chunk)
elapsed = time.perf_counter() - start
hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1]
print(elapsed, w.ref.size, hwm)
"""


def _hwm_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM"))
    except (OSError, StopIteration):
        return 0


def run_measured(cmd: list[str], cwd: Path | None = None) -> tuple[float, int, str]:
    """Wall time, peak RSS (KiB, VmHWM of the child's own address space, sampled every
    5 ms; getrusage would count the parent's pages at fork), and its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, cwd=cwd, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _hwm_kib(proc.pid))
            time.sleep(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed with {proc.returncode}")
    return time.perf_counter() - start, peak, out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    if shutil.which("openssl") is None:
        raise SystemExit("openssl is needed for the reference")
    root = Path(__file__).resolve().parent.parent
    work = Path(tempfile.mkdtemp(prefix="blob-bench-", dir=args.dir))
    try:
        plain = work / "plain.bin"
        block = os.urandom(16 * 1024 * 1024)
        with open(plain, "wb") as fh:
            for _ in range(args.size_mb // 16):
                fh.write(block)
        size = plain.stat().st_size
        mb = size / 1e6

        # Reference: openssl, then an fsync of its output (ours fsyncs too).
        key, iv = os.urandom(32).hex(), os.urandom(16).hex()
        out = work / "ref.enc"
        t0 = time.perf_counter()
        _, ref_rss, _ = run_measured(
            [
                "openssl",
                "enc",
                "-aes-256-ctr",
                "-K",
                key,
                "-iv",
                iv,
                "-in",
                str(plain),
                "-out",
                str(out),
            ]
        )
        fd = os.open(out, os.O_RDONLY)
        os.fsync(fd)
        os.close(fd)
        ref_time = time.perf_counter() - t0
        out.unlink()

        ours_wall, _, text = run_measured(
            [sys.executable, "-c", CHILD, str(plain), str(work / "blobs")], cwd=root
        )
        ours_time, blob_size, ours_rss = (float(x) for x in text.split())
        print(f"plaintext {mb:.0f} MB; age blob {blob_size / 1e6:.0f} MB (two recipients)")
        print(
            f"ours     : {mb / ours_time:7.1f} MB/s  ({ours_time:.2f} s, process "
            f"{ours_wall:.2f} s incl. start)  peak RSS {ours_rss / 1024:.0f} MiB"
        )
        print(
            f"openssl  : {mb / ref_time:7.1f} MB/s  ({ref_time:.2f} s)  "
            f"peak RSS {ref_rss / 1024:.0f} MiB"
        )
        print(
            json.dumps(
                {
                    "metric": f"blob encrypt+write throughput, {args.size_mb} MB file",
                    "unit": "MB/s",
                    "ours": round(mb / ours_time, 1),
                    "reference": round(mb / ref_time, 1),
                    "reference_name": "openssl enc -aes-256-ctr (+fsync)",
                    "ratio": round(ref_time / ours_time, 3),
                }
            )
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
