"""Simulation profiles: YAML files shipped in ``pipelines/simulate/profiles``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from pipelines.seeds import seed_rows, seed_values

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
    return with_seed_codes(data, path)


def _unknown(path: Path, key: str, codes, seed: str, column: str) -> None:
    unknown = sorted({str(c) for c in codes} - set(seed_values(seed, column)))
    if unknown:
        raise ProfileError(f"{path}: {key} names {', '.join(unknown)}, not in the {seed} seed")


def with_seed_codes(data: dict, path: Path) -> dict:
    """The profile with each district's population taken from the districts seed, after
    checking that every code it weights is one of the seeds' (the code lists live there)."""
    districts = {row["district"]: int(row["population_2021"]) for row in seed_rows("districts.csv")}
    if set(data["districts"]) != set(districts):
        raise ProfileError(f"{path}: districts must be the districts seed's: {', '.join(districts)}")
    data["districts"] = {name: {**data["districts"][name], "population": population}
                         for name, population in districts.items()}
    ath, off = data["athena"], data["offences"]
    _unknown(path, "athena.victim_age_mix", ath["victim_age_mix"], "victim_age_bands.csv", "age_band")
    _unknown(path, "athena.cancel_reason_draws", ath["cancel_reason_draws"], "cancel_reasons.csv", "cancel_reason")
    solved = {row["outcome_code"]: row["is_solved"] == "true" for row in seed_rows("outcome_codes.csv")}
    for key, is_solved in (("solved_outcome_draws", True), ("unsolved_outcome_draws", False)):
        wrong = sorted({str(c) for c in ath[key] if solved.get(str(c)) is not is_solved})
        if wrong:
            raise ProfileError(f"{path}: athena.{key} names {', '.join(wrong)}, not "
                               f"{'solved' if is_solved else 'unsolved'} outcomes in the outcome_codes seed")
    for key, mix in off.items():
        if key.endswith("_mix"):
            _unknown(path, f"offences.{key}", mix, "offence_codes.csv", "ho_code")
    return data
