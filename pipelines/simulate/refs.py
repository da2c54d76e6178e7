"""How officers type a STORM incident reference into ATHENA (extract contract, messiness)."""

from __future__ import annotations

from datetime import date

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def canonical(log_number: int, log_date: date) -> str:
    return f"{log_number} of {log_date:%d/%m/%Y}"


def format_ref(variant: str, log_number: int, log_date: date) -> str:
    """The reference to (log_date, log_number) as written in one of the contract's styles."""
    if variant in ("canonical", "wrong_log", "no_such_log"):
        return canonical(log_number, log_date)
    if variant == "short_year":
        return f"{log_number} {log_date:%d/%m/%y}"
    if variant == "inc_compact":
        return f"INC{log_number}/{log_date:%d%m%y}"
    if variant == "month_name":
        return f"{log_number}/{log_date.day:02d}{MONTHS[log_date.month - 1]}{log_date:%y}"
    if variant == "lower_spaces":
        return f"  inc{log_number} / {log_date:%d%m%y} ".lower()
    if variant == "empty":
        return ""
    raise ValueError(f"unknown incident reference variant {variant!r}")
