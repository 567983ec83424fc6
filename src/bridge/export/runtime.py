# interleave: begin helpers
# The machinery below starts the tasks above on the real runtime and prints a run summary
# shaped like `interleave run --json`. Interleave's Python import skips this part.
import concurrent.futures
import json
import multiprocessing
import os
import sys

_T0 = time.perf_counter()
_GUARD = threading.Lock()  # guards the records and incr
_ENDED = threading.Condition()  # notified whenever a task ends
_LAST_PROGRESS = [time.perf_counter()]  # when something last happened (for the watchdog)
_CLOSED = "<closed>"  # what a closed channel holds at its end
_LOOP = None
_RECORDS = {}
_PENDING_AFTERS = [0]  # `after` timers not yet fired


def _now_us():
    return round((time.perf_counter() - _T0) * 1e6)


def _progress():
    _LAST_PROGRESS[0] = time.perf_counter()


def compute(seconds):
    """CPU work: a busy loop on the clock. It holds the GIL, and in a coroutine the event loop."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        pass
    _progress()


class _Record:
    def __init__(self, name, kind, fn):
        self.name, self.kind, self.fn = name, kind, fn
        self.state, self.start_us, self.end_us, self.error = "not_started", None, None, None
        self.done = threading.Event()
        self.future = None  # on the event loop: resolved when the task ends
        self.task = None  # the asyncio task of an async record
        self.process = None


def _finish(rec, state, error=None):
    with _GUARD:
        if rec.end_us is not None:
            return
        rec.state, rec.error, rec.end_us = state, error, _now_us()
    rec.done.set()
    with _ENDED:
        _ENDED.notify_all()
    _progress()
    _LOOP.call_soon_threadsafe(_resolve, rec)


def _resolve(rec):
    if not rec.future.done():
        rec.future.set_result(None)


async def _run_async(rec):
    try:
        await rec.fn()
    except asyncio.CancelledError:
        _finish(rec, "cancelled")
        return
    except BaseException as error:  # a task's failure is reported, not raised
        _finish(rec, "failed", str(error) or type(error).__name__)
        return
    _finish(rec, "completed")


def _run_thread(rec):
    try:
        rec.fn()
    except BaseException as error:
        _finish(rec, "failed", str(error) or type(error).__name__)
        return
    _finish(rec, "completed")


def _run_process(name):
    _RECORDS[name].fn()


def _watch_process(rec):
    rec.process.join()
    if rec.process.exitcode == 0:
        _finish(rec, "completed")
    else:
        _finish(rec, "failed", f"exit code {rec.process.exitcode}")


def _start(name):
    rec = _RECORDS[name]
    with _GUARD:
        if rec.state != "not_started":
            return
        rec.state, rec.start_us = "running", _now_us()
    _progress()
    if rec.kind == "async":
        _LOOP.call_soon_threadsafe(_create_task, rec)
    elif rec.kind == "thread":
        threading.Thread(target=_run_thread, args=(rec,), name=name, daemon=True).start()
    elif rec.kind == "job":
        _POOL.submit(_run_thread, rec)
    else:
        rec.process = _PROCESSES.Process(target=_run_process, args=(name,), name=name, daemon=True)
        rec.process.start()
        threading.Thread(target=_watch_process, args=(rec,), daemon=True).start()


def _create_task(rec):
    rec.task = _LOOP.create_task(_run_async(rec))


def _check(names):
    for name in names:
        rec = _RECORDS[name]
        if rec.state == "failed":
            raise RuntimeError(f"{name} failed: {rec.error}")
        if rec.state == "cancelled":
            raise RuntimeError(f"{name} was cancelled")


def spawn(*names):
    """Starts tasks that wait to be spawned."""
    for name in names:
        _start(name)


def join(*names):
    """Waits (blocking this thread) until the tasks end; fails as soon as one of them fails."""
    with _ENDED:
        while True:
            _check(names)
            if all(_RECORDS[name].done.is_set() for name in names):
                return
            _ENDED.wait()


async def join_async(*names):
    """Awaits the tasks' ends; fails as soon as one of them fails."""
    while True:
        _check(names)
        pending = [_RECORDS[name].future for name in names if not _RECORDS[name].future.done()]
        if not pending:
            return
        await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)


def gather(*names):
    spawn(*names)
    join(*names)


async def gather_async(*names):
    spawn(*names)
    await join_async(*names)


def cancel(*names):
    for name in names:
        rec = _RECORDS[name]
        if rec.kind == "async":
            _LOOP.call_soon_threadsafe(lambda rec=rec: rec.task and rec.task.cancel())
        else:
            print(f"{name} cannot be cancelled: Python has no way to stop a thread", file=sys.stderr)


def after(seconds, *names):
    """Starts tasks `seconds` from now, on the event loop's timer."""
    with _GUARD:
        _PENDING_AFTERS[0] += 1

    def fire():
        with _GUARD:
            _PENDING_AFTERS[0] -= 1
        spawn(*names)

    _LOOP.call_soon_threadsafe(_LOOP.call_later, seconds, fire)


def incr(name):
    """Adds 1 to a shared variable in one step, as an atomic increment does."""
    with _GUARD:
        globals()[name] += 1


def acquire_n(semaphore, n):
    for _ in range(n):
        semaphore.acquire()


def release_n(semaphore, n):
    for _ in range(n):
        semaphore.release()


async def acquire_n_async(semaphore, n):
    for _ in range(n):
        await semaphore.acquire()


def notify_unheld(condition, every=False):
    """Python notifies only while holding the condition's lock: take it for the notify."""
    with condition:
        condition.notify_all() if every else condition.notify()


async def notify_unheld_async(condition, every=False):
    async with condition:
        condition.notify_all() if every else condition.notify()


def close(channel):
    if isinstance(channel, asyncio.Queue):
        channel.put_nowait(_CLOSED)
    else:
        channel.put(_CLOSED)


def recv(channel):
    value = channel.get()
    if value == _CLOSED:
        channel.put(_CLOSED)  # the channel stays closed for the next receiver
        raise RuntimeError("recv on closed channel")
    return value


async def recv_async(channel):
    value = await channel.get()
    if value == _CLOSED:
        channel.put_nowait(_CLOSED)
        raise RuntimeError("recv on closed channel")
    return value


class thread_timeout:
    """A timeout around a thread's steps. Python cannot interrupt a thread, so it only reports."""

    def __init__(self, seconds):
        self.deadline = time.perf_counter() + seconds

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if time.perf_counter() > self.deadline:
            print("a thread's timeout passed; Python cannot interrupt a thread", file=sys.stderr)
        return False


def _summary(deadlocked):
    records = list(_RECORDS.values())
    for rec in records:
        if rec.state == "running":
            rec.state = "blocked"
    ends = [rec.end_us for rec in records if rec.end_us is not None]
    if deadlocked:
        outcome = "deadlock"
    elif any(rec.state == "failed" for rec in records):
        outcome = "failed"
    else:
        outcome = "completed"
    return {
        "scenario": _TITLE,
        "outcome": outcome,
        "makespan_us": _now_us() if deadlocked else max(ends, default=0),
        "tasks": [
            {"name": r.name, "kind": r.kind, "state": r.state, "start_us": r.start_us,
             "end_us": r.end_us, "error": r.error}
            for r in records
        ],
        "vars": {name: globals()[name] for name in _VARS},
        "deadlock": {"blocked": [r.name for r in records if r.state == "blocked"]} if deadlocked else None,
    }


async def _main():
    global _LOOP
    _LOOP = asyncio.get_running_loop()
    for rec in _RECORDS.values():
        rec.future = _LOOP.create_future()
    for name, seconds in _STARTS:
        _LOOP.call_later(seconds, _start, name)
    last_start = max((seconds for _, seconds in _STARTS), default=0)
    deadlocked = False
    while True:
        await asyncio.sleep(0.005)
        with _GUARD:
            running = [r for r in _RECORDS.values() if r.state == "running"]
            pending = _PENDING_AFTERS[0]
        if not running and not pending and time.perf_counter() - _T0 > last_start:
            break
        # The watchdog: tasks remain, and nothing has happened for longer than any step takes.
        if running and time.perf_counter() - _LAST_PROGRESS[0] > _QUIET_SECONDS:
            deadlocked = True
            break
    print(json.dumps(_summary(deadlocked), ensure_ascii=False), flush=True)
    sys.stdout.flush()
    os._exit(0)  # threads stuck in a deadlock cannot be joined

