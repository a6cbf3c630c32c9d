"""CPU seconds per recorded second for the whole pipeline: capture (decode the synthetic
camera) -> BGR->I420 -> H.264/AAC encode -> fragmented MP4 -> age encryption to disk,
at 480p and 720p. Reference in the same run: the ffmpeg CLI doing the same capture and
encode to a plain MP4 (no conversion round trip, no encryption).

    .venv/bin/python bench/media_pipeline_cpu.py [--seconds 20]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pyrage import x25519

from desktop import paths
from desktop.media import offline, sources
from desktop.media.encoders import PRESETS, x264_options
from desktop.media.recorder import Recording
from desktop.media.segmenter import MOVFLAGS
from desktop.storage.blobs import BlobStore

CAMERAS = {"standard": (640, 480), "high": (1280, 720)}


def ours(store: BlobStore, preset: str, seconds: float) -> tuple[float, float]:
    """(CPU seconds, capture-only CPU seconds) for ``seconds`` of recording."""
    width, height = CAMERAS[preset]
    fps = PRESETS[preset].fps
    src = sources.test_pattern(width, height, fps, realtime=False, burn_in_label=False)
    src.open()
    start = time.process_time()
    for _ in range(int(seconds * fps)):
        src.read()
    capture_only = time.process_time() - start
    src.close()
    start = time.process_time()
    video = sources.test_pattern(width, height, fps, realtime=False, burn_in_label=False)
    offline.record(
        Recording(store, PRESETS[preset]), video, sources.test_tone(realtime=False), seconds
    )
    return time.process_time() - start, capture_only


def ffmpeg_cli(preset_name: str, seconds: float, out: Path) -> float:
    preset = PRESETS[preset_name]
    width, height = CAMERAS[preset_name]
    opts = x264_options(preset)
    cmd = [
        "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", f"testsrc2=size={width}x{height}:rate={preset.fps}",
        "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
        "-t", str(seconds),
        "-c:v", "libx264", "-preset", opts["preset"], "-tune", opts["tune"],
        "-b:v", str(preset.video_bitrate), "-maxrate", opts["maxrate"],
        "-bufsize", opts["bufsize"], "-g", str(preset.fps),
        "-x264-params", opts["x264-params"],
        "-c:a", "aac", "-b:a", str(preset.audio_bitrate), "-ac", "1",
        "-f", "mp4", "-movflags", MOVFLAGS, str(out),
    ]  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    if shutil.which("ffmpeg") is None:
        sys.exit("ffmpeg is not installed (apt-get install -y ffmpeg)")
    work = Path(tempfile.mkdtemp(prefix="spoke-bench-"))
    try:
        locs = paths.init(work / "profile")
        store = BlobStore(
            locs.blobs, x25519.Identity.generate(), [x25519.Identity.generate().to_public()]
        )
        results = {}
        for preset in ("standard", "high"):
            cpu, capture = ours(store, preset, args.seconds)
            ref = ffmpeg_cli(preset, args.seconds, work / f"{preset}.mp4")
            results[preset] = (cpu / args.seconds, capture / args.seconds, ref / args.seconds)
            w, h = CAMERAS[preset]
            fps = PRESETS[preset].fps
            print(
                f"{preset:8s} {w}x{h}@{fps}: ours {cpu / args.seconds:.3f} CPU-s per recorded s "
                f"(of which synthetic capture {capture / args.seconds:.3f}); "
                f"ffmpeg CLI {ref / args.seconds:.3f}"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    ours_720, _cap, ref_720 = results["high"]
    print(
        json.dumps(
            {
                "metric": "CPU s per recorded s, 720p30 capture->convert->encode->encrypt",
                "unit": "CPU-s per s",
                "ours": round(ours_720, 3),
                "reference": round(ref_720, 3),
                "reference_name": "ffmpeg CLI lavfi->x264/AAC->MP4, same settings, no encryption",
                "ratio": round(ref_720 / ours_720, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
