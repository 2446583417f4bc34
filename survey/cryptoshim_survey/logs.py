"""Structured logs (one JSON object per line on stderr) and a progress bar.

JSON lines keep long survey runs greppable and machine-readable; the progress
bar (tqdm when installed and stderr is a terminal, else periodic log events)
shows where a long download or scan stage is.
"""

from __future__ import annotations

import datetime as _dt
import json
import sys

LEVELS = {"debug": 10, "info": 20, "warning": 30, "error": 40}


class Log:
    def __init__(self, stage: str = "", level: str = "info", stream=None):
        self.stage, self.threshold, self.stream = stage, LEVELS[level], stream or sys.stderr

    def child(self, stage: str) -> Log:
        return Log(stage, next(k for k, v in LEVELS.items() if v == self.threshold), self.stream)

    def _emit(self, level: str, event: str, fields: dict):
        if LEVELS[level] < self.threshold:
            return
        record = {
            "ts": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "level": level,
            "stage": self.stage,
            "event": event,
            **fields,
        }
        self.stream.write(json.dumps(record, default=str) + "\n")
        self.stream.flush()

    def debug(self, event, **fields):
        self._emit("debug", event, fields)

    def info(self, event, **fields):
        self._emit("info", event, fields)

    def warning(self, event, **fields):
        self._emit("warning", event, fields)

    def error(self, event, **fields):
        self._emit("error", event, fields)


class Progress:
    """Counts finished items; a tqdm bar on a terminal, a log line every 10% otherwise."""

    def __init__(self, total: int, label: str, log: Log, enabled: bool = True):
        self.total, self.label, self.log, self.done, self._bar = total, label, log, 0, None
        if enabled and getattr(log.stream, "isatty", lambda: False)():
            try:
                from tqdm import tqdm

                self._bar = tqdm(total=total, desc=label, file=log.stream)
            except ImportError:
                pass

    def step(self, n: int = 1):
        self.done += n
        if self._bar is not None:
            self._bar.update(n)
        elif self.total and (self.done == self.total or self.done % max(1, self.total // 10) == 0):
            self.log.info("progress", what=self.label, done=self.done, total=self.total)

    def close(self):
        if self._bar is not None:
            self._bar.close()
