from datetime import date

from pipelines.simulate.extracts import csv_field, encode_rows
from pipelines.simulate.spool import DayQueue


def test_fields_joined_by_hand_are_quoted_as_the_csv_writer_quotes_them():
    fields = ["plain", "with, comma", 'with "quotes"', "two\nlines", "a\rb", "", " spaced ", "O'Brien", "|"]
    rows = [[a, b] for a in fields for b in fields]
    assert [",".join(map(csv_field, row)) for row in rows] == encode_rows(rows)


def test_rows_due_months_ahead_wait_on_disk_and_come_back_in_time_order(tmp_path):
    queue = DayQueue(tmp_path, "athena", date(2023, 1, 10))
    queue.add(date(2023, 6, 1), 30.0, "late")
    queue.add(date(2023, 6, 1), 10.0, "early")
    queue.add(date(2023, 1, 11), 5.0, "soon")
    assert [p.name for p in tmp_path.iterdir()] == ["athena-202306.tsv"]
    assert queue.pop(date(2023, 1, 11)) == ["soon"]
    assert queue.pop(date(2023, 5, 31)) == []
    assert queue.pop(date(2023, 6, 1)) == ["early", "late"]
    assert list(tmp_path.iterdir()) == []
