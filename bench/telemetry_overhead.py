"""Per-call cost of the legacy instrumentation (count + call site + warning
check), measured on the cheapest shimmed call (X509.get_version) against the
same core call without the shim wrapper. Run with CRYPTOSHIM_TELEMETRY=off to
measure the path with counting disabled. Prints JSON in nanoseconds."""
from __future__ import annotations

import json
import time
import warnings

warnings.simplefilter("ignore")

from OpenSSL import crypto  # noqa: E402
from cryptoshim import telemetry  # noqa: E402

N = 200_000


def per_call_ns(fn, n=N):
    fn()
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter_ns()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter_ns() - start) / n)
    return best


def main():
    cert = crypto.X509()
    shimmed = per_call_ns(cert.get_version)
    raw = per_call_ns(cert.get_version.__wrapped__.__get__(cert))
    print(json.dumps({"telemetry_enabled": telemetry.enabled(), "shimmed_ns": shimmed,
                      "unwrapped_ns": raw, "overhead_ns": shimmed - raw}))


if __name__ == "__main__":
    main()
