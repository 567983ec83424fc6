# interleave: begin helpers
# Python has no reader-writer lock: these two are written like Interleave's.


class RWLock:
    """A reader-writer lock in which a waiting writer goes first, as Interleave's does."""

    def __init__(self):
        self._cond = threading.Condition()
        self._readers, self._writer, self._writers_waiting = 0, None, 0

    def acquire_read(self):
        with self._cond:
            while self._writer is not None or self._writers_waiting:
                self._cond.wait()
            self._readers += 1

    def acquire_write(self):
        with self._cond:
            self._writers_waiting += 1
            while self._writer is not None or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writer = threading.get_ident()

    def release(self):
        with self._cond:
            if self._writer == threading.get_ident():
                self._writer = None
            else:
                self._readers -= 1
            self._cond.notify_all()


class AsyncRWLock:
    """RWLock for coroutines."""

    def __init__(self):
        self._cond = asyncio.Condition()
        self._readers, self._writer, self._writers_waiting = 0, None, 0

    async def acquire_read(self):
        async with self._cond:
            while self._writer is not None or self._writers_waiting:
                await self._cond.wait()
            self._readers += 1

    async def acquire_write(self):
        async with self._cond:
            self._writers_waiting += 1
            while self._writer is not None or self._readers:
                await self._cond.wait()
            self._writers_waiting -= 1
            self._writer = asyncio.current_task()

    async def release(self):
        async with self._cond:
            if self._writer is asyncio.current_task():
                self._writer = None
            else:
                self._readers -= 1
            self._cond.notify_all()
# interleave: end helpers
