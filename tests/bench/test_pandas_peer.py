"""bench.pandas_peer does the analyst's work it is measured for: latest versions, links by the
reference as typed in its forms, the qualifier or a knife word, eligible recorded crimes."""

import csv

from bench.pandas_peer import run
from pipelines.shared.contract import SOURCES


def _write(path, source, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, fieldnames=SOURCES[source].column_names)
        out.writeheader()
        out.writerows(rows)


def test_counts_flagged_and_verified_crimes_linked_by_any_typed_reference(tmp_path):
    logs = [{"log_date": "2020-01-05", "log_number": "12", "version_ts": "2020-01-05T10:00:00+00:00",
             "qualifiers": "", "narrative": "male seen"},
            {"log_date": "2020-01-05", "log_number": "12", "version_ts": "2020-01-05T11:00:00+00:00",
             "qualifiers": "", "narrative": "victim stabbed in the arm"},
            {"log_date": "2020-01-06", "log_number": "7", "version_ts": "2020-01-06T10:00:00+00:00",
             "qualifiers": "WEAPON-KNIFE", "narrative": "fight"},
            {"log_date": "2020-01-06", "log_number": "8", "version_ts": "2020-01-06T10:00:00+00:00",
             "qualifiers": "", "narrative": "noise complaint"}]
    _write(tmp_path / "storm" / "2020" / "01" / "storm_incidents_20200106.csv", "storm_incidents", logs)
    crime = {"version_ts": "2020-01-06T12:00:00+00:00", "recorded_at": "2020-01-06T12:00:00+00:00",
             "ho_code": "5D", "status": "RECORDED"}
    crimes = [{**crime, "crime_ref": "42/1/20", "incident_ref": "12 of 05/01/2020", "knife_flag": "N"},
              {**crime, "crime_ref": "42/2/20", "incident_ref": "INC7/060120", "knife_flag": "N"},
              {**crime, "crime_ref": "42/3/20", "incident_ref": "8 06/01/20", "knife_flag": "Y"},
              {**crime, "crime_ref": "42/4/20", "incident_ref": "8 06/01/20", "knife_flag": "N"},
              {**crime, "crime_ref": "42/4/20", "incident_ref": "8 06/01/20", "knife_flag": "Y",
               "version_ts": "2020-01-07T12:00:00+00:00", "status": "CANCELLED"},
              {**crime, "crime_ref": "42/5/20", "incident_ref": "12 of 05/01/2020", "knife_flag": "Y",
               "ho_code": "92D"}]
    _write(tmp_path / "athena" / "2020" / "01" / "athena_crimes_20200107.csv", "athena_crimes", crimes)
    result = run(tmp_path)
    assert (result["storm_logs"], result["athena_crimes"]) == (3, 5)
    # 42/1 by its log's later narrative, 42/2 by the qualifier, 42/3 by its flag; 42/4 is
    # cancelled in its latest version and 42/5 (92D) is not knife-eligible.
    assert result["monthly"] == {"2020-01": {"flagged": 1, "verified": 3}}
