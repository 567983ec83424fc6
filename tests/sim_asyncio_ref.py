"""CPython's asyncio on a virtual clock: the reference for the simulator's event-loop rules.

Reads a JSON list of scenarios on stdin; a scenario is a list of async tasks, each
{"name": str, "steps": [[op, arg], ...]} with ops sleep (µs > 0), compute (µs), yield,
log (text), lock, unlock (one lock shared by the scenario's tasks). Prints, for each
scenario, the JSON list of [time_us, task, text] of its logs, in order.

Time is in microseconds. The selector never sleeps: it advances the clock by the timeout
the loop asks for. Timer ties are broken by the order the timers were set, which is what
docs/LANGUAGE.md §5.1 T2 specifies (heapq alone does not promise it).
"""

import asyncio
import heapq
import itertools
import json
import selectors
import sys

_seq = itertools.count()


class SeqTimer(asyncio.TimerHandle):
    """A timer handle ordered by (deadline, order set)."""

    __slots__ = ("seq",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.seq = next(_seq)

    def _key(self):
        return (self._when, self.seq)

    def __lt__(self, other):
        return self._key() < other._key()

    def __le__(self, other):
        return self._key() <= other._key()

    def __gt__(self, other):
        return self._key() > other._key()

    def __ge__(self, other):
        return self._key() >= other._key()


class Clock:
    now = 0


class VirtualSelector(selectors.DefaultSelector):
    def select(self, timeout=None):
        if timeout is not None and timeout > 0:
            Clock.now += timeout
        return super().select(0)


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        super().__init__(VirtualSelector())

    def time(self):
        return Clock.now

    def call_at(self, when, callback, *args, context=None):
        self._check_closed()
        timer = SeqTimer(when, callback, args, self, context)
        heapq.heappush(self._scheduled, timer)
        timer._scheduled = True
        return timer


async def body(name, steps, lock, out):
    for op, *arg in steps:
        if op == "sleep":
            await asyncio.sleep(arg[0])
        elif op == "compute":
            Clock.now += arg[0]
        elif op == "yield":
            await asyncio.sleep(0)
        elif op == "log":
            out.append([int(Clock.now), name, arg[0]])
        elif op == "lock":
            await lock.acquire()
        elif op == "unlock":
            lock.release()


def run(spec):
    Clock.now = 0
    out = []
    loop = VirtualLoop()
    asyncio.set_event_loop(loop)
    lock = asyncio.Lock()
    tasks = [loop.create_task(body(t["name"], t["steps"], lock, out)) for t in spec]
    loop.run_until_complete(asyncio.gather(*tasks))
    loop.close()
    return out


json.dump([run(spec) for spec in json.load(sys.stdin)], sys.stdout)
