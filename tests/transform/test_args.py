from datetime import date

import pytest

from pipelines.shared.partitions import days_between
from pipelines.transform.args import dbt_build_args, dbt_window_env


def test_the_build_is_the_same_every_night():
    rest = ["--exclude-resource-type", "unit_test", "--no-write-json"]
    assert dbt_build_args(models=False) == ["build", "--indirect-selection", "buildable", *rest]
    assert dbt_build_args(models=True) == ["build", "--indirect-selection", "eager", *rest]
    assert dbt_build_args(models=True, full_refresh=True) == ["build", "--indirect-selection", "eager", *rest,
                                                              "--full-refresh"]


def test_the_window_is_half_open_over_the_days_loaded():
    days = days_between(date(2020, 1, 30), date(2020, 2, 2))
    assert dbt_window_env(days) == {"PIPELINES_WINDOW_START": "2020-01-30", "PIPELINES_WINDOW_END": "2020-02-03"}
    assert dbt_window_env([date(2020, 1, 1)]) == {"PIPELINES_WINDOW_START": "2020-01-01",
                                                  "PIPELINES_WINDOW_END": "2020-01-02"}


def test_a_run_without_days_has_no_window_and_an_empty_one_is_refused():
    assert dbt_window_env(None) == {"PIPELINES_WINDOW_START": "", "PIPELINES_WINDOW_END": ""}
    with pytest.raises(ValueError, match="at least one day"):
        dbt_window_env([])
