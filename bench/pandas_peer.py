"""The pandas peer: what an analyst's script over the same extracts would do, for the bench to
measure the pipeline against beside the floor.

It reads every STORM and ATHENA CSV into pandas, keeps the latest version of each log and
crime, links each crime to its log by the reference the officer typed (number and date, in
any of the typed forms), flags a log by its WEAPON-KNIFE qualifier or a knife regex over its
narrative, and counts knife-eligible recorded crimes per month (ATHENA flag; flag or linked
log) into rolling 12-month totals. No quarantine, ledger, checks, decisions or review: it is
the work a user could do without the pipeline, not a second pipeline.

Usage: ``python -m bench.pandas_peer --landing L`` (prints JSON timings as its last line).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pandas as pd

from pipelines.seeds import SEEDS_DIR

KNIFE_TEXT = r"\b(?:knife|knives|knifed|stab\w*|blade\w*|machete\w*|sword\w*|cleaver\w*|slash\w*)\b"
TYPED_REF = r"(\d{1,6})\D+(\d{1,2})/?(\d{1,2})/?(\d{2,4})"


def _read(landing: Path, folder: str, name: str, columns: list[str]) -> pd.DataFrame:
    files = sorted((landing / folder).rglob(f"{name}_*.csv"))
    frames = [pd.read_csv(f, usecols=lambda c: c in columns, dtype=str, on_bad_lines="skip",
                          encoding_errors="replace") for f in files]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def _latest(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    return frame.sort_values("version_ts").drop_duplicates(key, keep="last")


def run(landing: Path) -> dict:
    timings, started = {}, time.perf_counter()
    storm = _read(landing, "storm", "storm_incidents", ["log_date", "log_number", "version_ts", "qualifiers",
                                                        "narrative"])
    athena = _read(landing, "athena", "athena_crimes", ["crime_ref", "version_ts", "incident_ref", "recorded_at",
                                                        "ho_code", "knife_flag", "status"])
    timings["read_csv_s"] = round(time.perf_counter() - started, 2)
    storm, athena = _latest(storm, ["log_date", "log_number"]), _latest(athena, ["crime_ref"])
    storm["knife"] = (storm["qualifiers"].fillna("").str.contains("WEAPON-KNIFE", regex=False)
                      | storm["narrative"].fillna("").str.lower().str.contains(KNIFE_TEXT, regex=True))
    log_day = pd.to_datetime(storm["log_date"], errors="coerce")
    storm["key"] = storm["log_number"].str.strip() + "|" + log_day.dt.strftime("%Y-%m-%d")
    typed = athena["incident_ref"].fillna("").str.extract(TYPED_REF)
    year = pd.to_numeric(typed[3], errors="coerce")
    year = year.where(year >= 100, year + 2000)
    day = pd.to_datetime(dict(year=year, month=pd.to_numeric(typed[2], errors="coerce"),
                              day=pd.to_numeric(typed[1], errors="coerce")), errors="coerce")
    athena["key"] = typed[0].str.lstrip("0") + "|" + day.dt.strftime("%Y-%m-%d")
    linked = athena.merge(storm[["key", "knife"]].drop_duplicates("key"), on="key", how="left")
    eligible = set(pd.read_csv(SEEDS_DIR / "knife_eligible_codes.csv", dtype=str)["ho_code"])
    crimes = linked[(linked["status"] == "RECORDED") & linked["ho_code"].isin(eligible)].copy()
    crimes["month"] = pd.to_datetime(crimes["recorded_at"], utc=True, errors="coerce").dt.strftime("%Y-%m")
    crimes["flagged"] = crimes["knife_flag"] == "Y"
    crimes["verified"] = crimes["flagged"] | crimes["knife"].fillna(False).astype(bool)
    monthly = crimes.groupby("month")[["flagged", "verified"]].sum().sort_index()
    rolling = monthly.rolling(12).sum().dropna()
    timings["total_s"] = round(time.perf_counter() - started, 2)
    last = rolling.iloc[-1] if len(rolling) else None
    return {**timings, "storm_logs": len(storm), "athena_crimes": len(athena),
            "monthly": {month: {"flagged": int(row.flagged), "verified": int(row.verified)}
                        for month, row in monthly.iterrows()},
            "last_window": None if last is None else {"to": rolling.index[-1], "flagged": int(last["flagged"]),
                                                      "verified": int(last["verified"])}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--landing", type=Path, required=True)
    print(json.dumps(run(parser.parse_args().landing)))


if __name__ == "__main__":
    main()
