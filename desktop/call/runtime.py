"""The one asyncio thread for network work (signaling, WebRTC): started and stopped cleanly,
with a hand-off from any thread. ``submit`` returns a ``concurrent.futures.Future``; the UI
wraps it in ``Operation.from_future`` so results reach Qt as signals on the main thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")
log = logging.getLogger("spoke.call")


class RuntimeStopped(RuntimeError):
    """Work was handed to a runtime that is not running."""


class CallRuntime:
    """``start()`` runs an event loop on the thread "spoke-call"; ``stop()`` cancels what is
    left on it, closes the loop and joins the thread. Safe to stop twice."""

    def __init__(self, name: str = "spoke-call") -> None:
        self._name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        return self._loop is not None and self._thread is not None and self._thread.is_alive()

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None:
            raise RuntimeStopped("the call runtime is not running")
        return self._loop

    def start(self) -> CallRuntime:
        with self._lock:
            if self._thread is not None:
                return self
            self._ready.clear()
            self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
            self._thread.start()
        self._ready.wait()
        return self

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            try:
                loop.run_until_complete(_cancel_all(loop))
                loop.run_until_complete(loop.shutdown_asyncgens())
                loop.run_until_complete(loop.shutdown_default_executor())
            finally:
                asyncio.set_event_loop(None)
                loop.close()

    def submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        """Run ``coro`` on the loop; from any thread except the loop's own (await there)."""
        loop = self._loop
        if loop is None or loop.is_closed() or not self.running:
            coro.close()
            raise RuntimeStopped("the call runtime is not running")
        return asyncio.run_coroutine_threadsafe(coro, loop)

    def call_soon(self, fn: Callable[..., Any], *args: Any) -> None:
        """Run a plain callable on the loop (``loop.call_soon_threadsafe``)."""
        self.loop.call_soon_threadsafe(fn, *args)

    def stop(self, timeout: float = 10.0) -> None:
        """Cancel the tasks still on the loop (their ``finally`` blocks run), then end it."""
        if self._thread is threading.current_thread():
            raise RuntimeError("stop() the call runtime from another thread, not its own")
        with self._lock:
            thread, loop = self._thread, self._loop
            self._thread = None
        if thread is None or loop is None:
            return
        with contextlib.suppress(RuntimeError):  # already closed
            loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout)
        if thread.is_alive():
            log.warning("call runtime thread did not stop within %.0f s", timeout)
        self._loop = None

    def __enter__(self) -> CallRuntime:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


async def _cancel_all(loop: asyncio.AbstractEventLoop) -> None:
    tasks = [t for t in asyncio.all_tasks(loop) if t is not asyncio.current_task()]
    for task in tasks:
        task.cancel()
    if tasks:
        await asyncio.gather(*tasks, return_exceptions=True)
