"""Whether a call releases the GIL, decided without a clock.

With a switch interval far longer than any test, CPython never takes the GIL
away from a running thread: another thread gets it only when the holder
releases it on purpose (a blocking wait, a C call that drops it, or the
thread's end). So an observer thread, woken just before the call and asking
"has the call finished yet?", can only answer "no" if the call itself let go
of the GIL while it ran. Held for the whole call, the observer first runs
after the caller has marked the call finished: the answer is "yes", every
time, on any machine, however loaded or sanitized.
"""
import contextlib
import sys
import threading
from collections.abc import Callable, Iterator

# Longer than any test run; CPython stores it in microseconds.
_NO_PREEMPTION_SECONDS = 3600.0
# Attempts before concluding the GIL stayed held. A held GIL gives "no" on
# every attempt; the retries only cover an observer the OS did not schedule
# during a released call.
ATTEMPTS = 3


@contextlib.contextmanager
def no_preemptive_gil_switch() -> Iterator[None]:
    old = sys.getswitchinterval()
    sys.setswitchinterval(_NO_PREEMPTION_SECONDS)
    try:
        yield
    finally:
        sys.setswitchinterval(old)


def _observer_ran_during(call: Callable[[], object]) -> bool:
    go, finished = threading.Event(), threading.Event()
    seen: list[bool] = []

    def observe() -> None:
        go.wait()
        seen.append(not finished.is_set())

    observer = threading.Thread(target=observe)
    with no_preemptive_gil_switch():
        observer.start()
        go.set()  # the observer now waits for the GIL, nothing else
        try:
            call()
        finally:
            finished.set()
            observer.join()
    return seen[0]


def releases_gil(call: Callable[[], object]) -> bool:
    """True when another thread ran Python code while call() was running."""
    return any(_observer_ran_during(call) for _ in range(ATTEMPTS))
