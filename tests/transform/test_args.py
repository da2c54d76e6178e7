from datetime import date

import pytest

from pipelines.transform.args import dbt_build_args


def test_plain_build():
    assert dbt_build_args() == ["build", "--indirect-selection", "buildable"]


def test_window_is_passed_as_vars_half_open():
    args = dbt_build_args(window=(date(2020, 1, 1), date(2020, 1, 2)), full_refresh=True)
    window = '{"window_start": "2020-01-01", "window_end": "2020-01-02"}'
    assert args == ["build", "--indirect-selection", "buildable", "--vars", window, "--full-refresh"]


def test_empty_window_is_refused():
    with pytest.raises(ValueError, match="empty dbt window"):
        dbt_build_args(window=(date(2020, 1, 2), date(2020, 1, 2)))
