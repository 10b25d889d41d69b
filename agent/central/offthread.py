"""Await a blocking call (``requests``) without letting it hold the event loop or a shutdown.

The call runs in its own daemon thread, not in asyncio's default executor: ``asyncio.run``
joins that executor's threads on exit, so one hung socket read would hold the process. When
the awaiting task is cancelled (a stop, a deadline) nobody waits for the thread any more; it
ends at its own socket timeout, or with the process, whose exit closes its socket.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


async def in_daemon_thread(call: Callable[[], T], name: str) -> T:
    """The result of ``call()`` run in a daemon thread; cancelling the await abandons it."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def give_result(result: T) -> None:
        if not future.done():  # done: the awaiting task was cancelled
            future.set_result(result)

    def give_error(error: Exception) -> None:
        if not future.done():
            future.set_exception(error)

    def work() -> None:
        try:
            result = call()
        except Exception as exc:  # noqa: BLE001 (handed to the awaiting task, not swallowed)
            with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is waiting
                loop.call_soon_threadsafe(give_error, exc)
            return
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(give_result, result)

    threading.Thread(target=work, name=name, daemon=True).start()
    return await future
