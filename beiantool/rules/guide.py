"""The national platform's own facts: its name, addresses, steps and uploads (rules/platform.yaml)."""

from __future__ import annotations

import functools
from importlib import resources


@functools.lru_cache(maxsize=1)
def guide() -> dict:
    """The platform's name, address, steps and upload requirement (beiantool/rules/platform.yaml)."""
    import yaml

    return yaml.safe_load(resources.files("beiantool.rules").joinpath("platform.yaml").read_text(encoding="utf-8"))
