"""The call runtime: one loop on one named thread, work handed in from any thread, results
back on Qt's main thread through Operation.from_future, a clean stop."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.call.runtime import CallRuntime, RuntimeStopped
from desktop.ui.tasks import Operation


async def where() -> str:
    await asyncio.sleep(0)
    return threading.current_thread().name


async def fails() -> None:
    await asyncio.sleep(0)
    raise LookupError("synthetic failure")


def test_results_reach_the_main_thread_as_signals(qtbot: QtBot) -> None:
    main = threading.current_thread()
    got: dict[str, Any] = {}
    with CallRuntime() as runtime:
        done = threading.Event()

        def on_success(name: str) -> None:
            got["ran_on"], got["delivered_on"] = name, threading.current_thread()
            done.set()

        Operation.from_future(runtime.submit(where())).success(on_success).run()
        qtbot.waitUntil(done.is_set, timeout=10000)
        assert got["ran_on"] == "spoke-call" and got["delivered_on"] is main

        failed: list[BaseException] = []
        Operation.from_future(runtime.submit(fails())).failure(failed.append).run()
        qtbot.waitUntil(lambda: bool(failed), timeout=10000)
        assert isinstance(failed[0], LookupError)


def test_stop_cancels_what_is_left_and_joins() -> None:
    runtime = CallRuntime().start()
    started, cleaned = threading.Event(), threading.Event()

    async def forever() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        finally:
            cleaned.set()

    future = runtime.submit(forever())
    assert started.wait(10)
    thread = runtime._thread
    runtime.stop()
    assert cleaned.is_set()  # its finally ran before stop() returned
    assert thread is not None and not thread.is_alive()
    assert future.cancelled()
    with pytest.raises(RuntimeStopped):
        runtime.submit(where())
    runtime.stop()  # twice is fine


def test_work_from_several_threads_runs_on_the_one_loop() -> None:
    with CallRuntime() as runtime:
        names: list[str] = []
        lock = threading.Lock()

        def hand_in() -> None:
            name = runtime.submit(where()).result(10)
            with lock:
                names.append(name)

        threads = [threading.Thread(target=hand_in) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(20)
        assert names == ["spoke-call"] * 4


def test_the_loop_cannot_stop_itself() -> None:
    with CallRuntime() as runtime:

        async def stop_from_inside() -> None:
            runtime.stop()

        with pytest.raises(RuntimeError):
            runtime.submit(stop_from_inside()).result(10)
        assert runtime.running and runtime.submit(where()).result(10) == "spoke-call"
