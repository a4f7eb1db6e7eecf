"""Resident memory of a process (and its children): now, and the peak over a stretch of work.

The peak is the larger of a psutil sample taken every `interval` seconds and, for this process on
Linux, the kernel's high-water mark VmHWM (reset by writing 5 to /proc/self/clear_refs)."""

from __future__ import annotations

import contextlib
import os
import re
import threading
from pathlib import Path
from types import TracebackType

import psutil

MB = 2**20


def rss_bytes(pid: int | None = None, children: bool = True) -> int:
    """RSS of a process, plus its descendants' when `children`; 0 if it is gone."""
    try:
        proc = psutil.Process(pid or os.getpid())
        total = proc.memory_info().rss
        if children:
            for child in proc.children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    total += child.memory_info().rss
        return int(total)
    except psutil.Error:
        return 0


def rss_mb(pid: int | None = None, children: bool = True) -> float:
    return round(rss_bytes(pid, children) / MB, 1)


def _reset_hwm() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _hwm_bytes() -> int:
    try:
        m = re.search(r"VmHWM:\s+(\d+)\s+kB", Path("/proc/self/status").read_text())
    except OSError:
        return 0
    return int(m.group(1)) * 1024 if m else 0


class PeakRSS:
    """`with PeakRSS() as peak: work()`, then `peak.before_mb`, `peak.peak_mb`, `peak.after_mb`."""

    def __init__(self, pid: int | None = None, interval: float = 0.02) -> None:
        self.pid = pid or os.getpid()
        self.interval = interval
        self.before = self.after = self.peak = 0
        self._own = self.pid == os.getpid()
        self._hwm = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _sample(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, rss_bytes(self.pid))

    def __enter__(self) -> PeakRSS:
        self.before = self.peak = rss_bytes(self.pid)
        self._hwm = self._own and _reset_hwm()
        self._thread = threading.Thread(target=self._sample, name="peak-rss", daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.after = rss_bytes(self.pid)
        self.peak = max(self.peak, self.after, _hwm_bytes() if self._hwm else 0)

    @property
    def method(self) -> str:
        return f"psutil RSS every {self.interval * 1000:.0f} ms" + (" + VmHWM" if self._hwm else "")

    def to_dict(self) -> dict[str, float | str]:
        return {
            "before_mb": round(self.before / MB, 1),
            "peak_mb": round(self.peak / MB, 1),
            "after_mb": round(self.after / MB, 1),
            "peak_increase_mb": round((self.peak - self.before) / MB, 1),
            "method": self.method,
        }
