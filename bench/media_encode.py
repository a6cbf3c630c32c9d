"""Encode throughput: our recorder's H.264 encoder vs the ffmpeg CLI, on identical raw
frames with identical x264 settings, muxed to the same fragmented MP4, in the same run.

The machine is shared, so the headline is frames per CPU-second (process CPU time: ours
from ``time.process_time``, ffmpeg's from the children's rusage); wall-clock fps is printed
alongside.

    .venv/bin/python bench/media_encode.py [--preset high] [--seconds 10] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av
import numpy as np

from desktop.media.encoders import PRESETS, x264_options
from desktop.media.segmenter import MOVFLAGS, SegmentEncoder

SIZES = {"low": (640, 360), "standard": (854, 480), "high": (1280, 720)}


class _Null:
    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)


def raw_frames(width: int, height: int, fps: int, count: int) -> list[np.ndarray]:
    """Distinct I420 frames of FFmpeg's testsrc2, decoded once into memory."""
    frames = []
    with av.open(f"testsrc2=size={width}x{height}:rate={fps}", format="lavfi") as src:
        for frame in src.decode(video=0):
            frames.append(frame.to_ndarray(format="yuv420p"))
            if len(frames) == count:
                break
    return frames


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def ours(
    frames: list[np.ndarray], preset_name: str, width: int, height: int
) -> tuple[float, float, int]:
    preset = PRESETS[preset_name]
    sink = _Null()
    start, cpu = time.perf_counter(), time.process_time()
    enc = SegmentEncoder(sink, preset, width, height, encoder="libx264", sample_rate=None)
    for i, frame in enumerate(frames):
        enc.add_video(frame, i)
    enc.close()
    return time.perf_counter() - start, time.process_time() - cpu, sink.size


def ffmpeg_cli(raw: Path, preset_name: str, width: int, height: int) -> tuple[float, float, int]:
    preset = PRESETS[preset_name]
    opts = x264_options(preset)
    cmd = [
        "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", f"{width}x{height}",
        "-r", str(preset.fps), "-i", str(raw),
        "-c:v", "libx264", "-preset", opts["preset"], "-tune", opts["tune"],
        "-b:v", str(preset.video_bitrate), "-maxrate", opts["maxrate"],
        "-bufsize", opts["bufsize"], "-g", str(preset.fps),
        "-x264-params", opts["x264-params"],
        "-f", "mp4", "-movflags", MOVFLAGS, "pipe:1",
    ]  # fmt: skip
    start, cpu = time.perf_counter(), _children_cpu()
    out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE).stdout
    return time.perf_counter() - start, _children_cpu() - cpu, len(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--preset", default="high", choices=sorted(PRESETS))
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("ffmpeg") is None:
        sys.exit("ffmpeg is not installed (apt-get install -y ffmpeg)")
    width, height = SIZES[args.preset]
    fps = PRESETS[args.preset].fps
    frames = raw_frames(width, height, fps, int(args.seconds * fps))
    work = Path(tempfile.mkdtemp(prefix="spoke-bench-"))
    try:
        raw = work / "frames.yuv"  # synthetic test pattern, not patient data
        with open(raw, "wb") as fh:
            for frame in frames:
                fh.write(frame.tobytes())
        ours_w, ours_c, ref_w, ref_c = [], [], [], []
        for _ in range(args.rounds):  # alternate, so both see the same machine load
            wall, cpu, ours_size = ours(frames, args.preset, width, height)
            ours_w.append(wall)
            ours_c.append(cpu)
            wall, cpu, ref_size = ffmpeg_cli(raw, args.preset, width, height)
            ref_w.append(wall)
            ref_c.append(cpu)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    n = len(frames)
    ow, oc = statistics.median(ours_w), statistics.median(ours_c)
    rw, rc = statistics.median(ref_w), statistics.median(ref_c)
    print(f"{n} frames {width}x{height}, x264 {x264_options(PRESETS[args.preset])}")
    print(
        f"ours (PyAV {av.__version__}): {n / oc:6.1f} frames/CPU-s, wall {n / ow:6.1f} fps "
        f"({ours_size} bytes)"
    )
    print(
        f"ffmpeg CLI       : {n / rc:6.1f} frames/CPU-s, wall {n / rw:6.1f} fps "
        f"({ref_size} bytes, process start included)"
    )
    print(
        json.dumps(
            {
                "metric": f"H.264 encode throughput {width}x{height} ({args.preset} preset)",
                "unit": "frames per CPU-second",
                "ours": round(n / oc, 1),
                "reference": round(n / rc, 1),
                "reference_name": "ffmpeg CLI, same raw frames and x264 settings",
                "ratio": round(rc / oc, 3),
                # Wall clock too, plainly (ffmpeg's time includes its process start and
                # reading the raw file; ours does not).
                "wall_fps_ours": round(n / ow, 1),
                "wall_fps_reference": round(n / rw, 1),
                "wall_ratio": round(rw / ow, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
