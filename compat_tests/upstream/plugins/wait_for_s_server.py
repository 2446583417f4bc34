"""pytest plugin for M2Crypto's older test_ssl.py (0.38.0, 0.45.1).

Their harness starts `openssl s_server` and then sleeps a fixed
M2CRYPTO_TEST_SSL_SLEEP before connecting. When CI runs other lanes on the
same two cores, s_server may not be listening yet, and the test fails with
"Connection refused" before any drop-in code ran. M2Crypto 0.51.0's harness
instead waits until the port listens; this plugin gives the older harnesses the
same wait: a Popen of `openssl s_server -accept PORT` returns once the kernel
lists PORT as listening (read from /proc/net/tcp*, so no probe connection shows
up in s_server's output), or when s_server exits, or after 20 s. Nothing else
in the suite changes.
"""
from __future__ import annotations

import pathlib
import subprocess
import time

_LISTEN = "0A"
_TIMEOUT = 20.0


def _accept_port(args: object) -> int | None:
    if not isinstance(args, (list, tuple)) or len(args) < 2:
        return None
    argv = [str(a) for a in args]
    if pathlib.Path(argv[0]).name != "openssl" or argv[1] != "s_server" or "-accept" not in argv:
        return None
    value = argv[argv.index("-accept") + 1]
    return int(value.rsplit(":", 1)[-1])


def _listening(port: int) -> bool:
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = pathlib.Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == _LISTEN and int(fields[1].rsplit(":", 1)[1], 16) == port:
                return True
    return False


class _PopenWaitingForSServer(subprocess.Popen):
    def __init__(self, args, *rest, **kwargs):
        super().__init__(args, *rest, **kwargs)
        port = _accept_port(args)
        if port is None:
            return
        deadline = time.monotonic() + _TIMEOUT
        while time.monotonic() < deadline and self.poll() is None and not _listening(port):
            time.sleep(0.02)


def pytest_configure(config) -> None:
    subprocess.Popen = _PopenWaitingForSServer  # type: ignore[misc]
