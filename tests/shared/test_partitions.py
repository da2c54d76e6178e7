"""Which days a run loads, from the tags the nightly schedule, the sensor, ``pipelines run``
and a backfill launched from the UI give it."""

from datetime import date

import pytest

from pipelines.shared.partitions import days_between, month_key, run_arguments, run_days, run_tags

UNTIL = date(2023, 6, 14)


def test_a_night_is_one_day_of_its_month():
    tags = run_tags(date(2023, 6, 13), date(2023, 6, 13))
    assert tags == {"pipelines/days": "2023-06-13", "dagster/partition": "2023-06-01"}
    assert run_days(tags, UNTIL) == [date(2023, 6, 13)]


def test_a_range_of_days_spans_its_months():
    tags = run_tags(date(2018, 2, 1), date(2023, 12, 31))
    assert tags["dagster/asset_partition_range_start"] == "2018-02-01"
    assert tags["dagster/asset_partition_range_end"] == "2023-12-01"
    assert run_days(tags) == days_between(date(2018, 2, 1), date(2023, 12, 31))
    assert run_arguments(date(2023, 6, 2), date(2023, 6, 3)) == {
        "tags": {"pipelines/days": "2023-06-02..2023-06-03"}, "partition_key": "2023-06-01"}


def test_without_days_a_run_takes_every_day_of_its_months_that_has_ended():
    backfill = {"dagster/asset_partition_range_start": "2023-02-01", "dagster/asset_partition_range_end": "2023-06-01"}
    days = run_days(backfill, UNTIL)
    assert (days[0], days[-1], len(days)) == (date(2023, 2, 1), UNTIL, 28 + 31 + 30 + 31 + 14)
    assert run_days({"dagster/partition": "2024-02-01"}, date(2024, 3, 5))[-1] == date(2024, 2, 29)


def test_a_run_without_a_partition_has_no_days():
    assert run_days({"dagster/backfill": "x"}) is None


@pytest.mark.parametrize("text, reason", [
    ("2023-05-31", "outside the run's months 2023-06 to 2023-06"),
    ("2023-06-30..2023-07-01", "outside the run's months"),
    ("2023-06-14..2023-06-13", "the last day is before the first"),
    ("14/06/2023", "expected YYYY-MM-DD"),
])
def test_days_that_do_not_fit_the_run_are_refused_with_the_tag_named(text, reason):
    with pytest.raises(ValueError, match=reason) as raised:
        run_days({"dagster/partition": "2023-06-01", "pipelines/days": text}, UNTIL)
    assert f"pipelines/days={text!r}" in str(raised.value)


def test_month_keys_are_the_first_of_the_month():
    assert month_key(date(2020, 2, 29)) == "2020-02-01"
