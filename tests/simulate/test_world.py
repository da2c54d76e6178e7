from datetime import datetime

import numpy as np

from pipelines.simulate.world import LONDON, hh_mm, iso, iso_many, local_date, local_days, local_hh_mm


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
