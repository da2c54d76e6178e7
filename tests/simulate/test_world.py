from datetime import datetime

import numpy as np

from pipelines.simulate.world import LONDON, hh_mm, iso, iso_many, local_date, local_days, local_hh_mm, storm_category


def test_vector_and_cached_time_forms_agree_with_the_time_zone_database():
    rng = np.random.default_rng(3)
    # Six years of instants, plus both 2023 clock changes to the second.
    ts = np.concatenate([rng.uniform(1.5e9, 1.7e9, 20_000),
                         np.arange(1679792400 - 7200, 1679792400 + 7200, 1.0),
                         np.arange(1698541200 - 7200, 1698541200 + 7200, 1.0)])
    truth = [datetime.fromtimestamp(t, LONDON) for t in ts]
    assert [local_date(t) for t in ts] == [d.date() for d in truth]
    assert [local_hh_mm(t) for t in ts] == [f"{d:%H:%M}" for d in truth]
    assert list(local_days(ts)) == [d.date().toordinal() for d in truth]
    assert list(hh_mm(ts)) == [f"{d:%H:%M}" for d in truth]
    assert list(iso_many(ts)) == [iso(t) for t in ts]


def test_crime_incidents_close_under_the_seed_category_of_their_offence(small_landing):
    """The simulator reads each code's STORM category from the offence_codes seed, as the link
    score does: 105A and 104 are violence, not the 'other' a prefix rule made them."""
    import csv

    from pipelines.seeds import seed_rows

    assert storm_category("105A") == storm_category("104") == "CRIME-VIOLENCE"
    seed = {r["ho_code"]: r["storm_category"] for r in seed_rows("offence_codes.csv")}
    with (small_landing / "_truth" / "crimes_truth.csv").open(encoding="utf-8") as fh:
        crimes = {r["crime_ref"]: r for r in csv.DictReader(fh)}
    closing = {}
    for path in sorted((small_landing / "storm").rglob("*.csv")):
        with path.open(encoding="utf-8", errors="replace", newline="") as fh:
            for row in csv.DictReader(fh):
                if row.get("closing_code"):
                    closing[(row["log_date"], row["log_number"])] = row["closing_code"]
    checked = 0
    for c in crimes.values():
        key = (c["true_log_date"], c["true_log_number"])
        if key in closing and c["ho_code"] in seed:
            checked += 1
            assert closing[key] == seed[c["ho_code"]], (c["crime_ref"], c["ho_code"], closing[key])
    assert checked > 100


def test_the_phrase_bank_is_far_more_varied_than_the_fixed_phrases_it_replaced():
    """The old simulator had 16 knife phrases, 13 confounders and 2 self-harm phrases."""
    import random

    from pipelines.simulate.phrases import phrase_bank

    bank = phrase_bank()
    assert bank.variety("knife") >= 160 and bank.variety("confounder") >= 130 and bank.variety("self_harm") >= 20
    r = random.Random(5)
    drawn = [bank.draw("knife", r.randrange) for _ in range(2000)]
    assert len({d.text for d in drawn}) > 1500 and {d.label for d in drawn} == {"Y"}
    assert {bank.style(r.randrange) for _ in range(500)} == {"update_line", "on_call_line", "capitals", "shorthand"}
