"""Simulation profiles: YAML files shipped in ``pipelines/simulate/profiles``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

PROFILE_DIR = Path(__file__).with_name("profiles")


class ProfileError(ValueError):
    """A profile that cannot be found or read."""


def available_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILE_DIR.glob("*.yaml"))


def load_profile(name_or_path: str) -> dict:
    """A profile by name (``essex``) or by path to a YAML file.

    A profile may name a ``base`` profile; its own keys then replace the base's, one level
    deep (so a test profile can change a few rates and keep everything else).
    """
    path = Path(name_or_path)
    if not path.suffix:
        path = PROFILE_DIR / f"{name_or_path}.yaml"
    if not path.is_file():
        raise ProfileError(
            f"unknown profile {name_or_path!r} (available: {', '.join(available_profiles())})"
        )
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    base_name = data.pop("base", None)
    if base_name:
        base = load_profile(base_name)
        for key, value in data.items():
            if isinstance(value, dict) and isinstance(base.get(key), dict):
                base[key] = {**base[key], **value}
            else:
                base[key] = value
        data = base
    for key in ("start", "end", "process_start"):
        if isinstance(data.get(key), str):
            data[key] = date.fromisoformat(data[key])
    return data
