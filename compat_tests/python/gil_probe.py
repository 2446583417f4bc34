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
# Calls before concluding the GIL stayed held. A held GIL gives "no" however
# many calls run; the budget only covers a released GIL that the observer,
# not scheduled by the OS in time (a loaded CI machine), failed to take.
MAX_CALLS = 20


@contextlib.contextmanager
def no_preemptive_gil_switch() -> Iterator[None]:
    old = sys.getswitchinterval()
    sys.setswitchinterval(_NO_PREEMPTION_SECONDS)
    try:
        yield
    finally:
        sys.setswitchinterval(old)


def releases_gil(call: Callable[[], object], max_calls: int = MAX_CALLS) -> bool:
    """True when another thread ran Python code while call() was running.

    call() is repeated, up to max_calls times, until the observer has run.
    Between two calls the caller runs Python code without releasing the GIL,
    so the observer can only run inside a call.
    """
    go, done = threading.Event(), threading.Event()
    ran: list[bool] = []

    def observe() -> None:
        go.wait()
        ran.append(not done.is_set())

    observer = threading.Thread(target=observe)
    with no_preemptive_gil_switch():
        observer.start()
        go.set()  # the observer now waits for the GIL, nothing else
        try:
            for _ in range(max_calls):
                call()
                if ran:
                    break
        finally:
            done.set()
            observer.join()
    return ran[0]
