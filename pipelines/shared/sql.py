"""Values written into SQL text where DuckDB takes no parameter (ATTACH, a table function's
file list, a CASE's literal reasons): quoted so that any text, a path with a quote or a
space included, stays one string literal."""

from __future__ import annotations


def sql_string(text: str) -> str:
    """``text`` as a SQL string literal: in single quotes, each quote inside doubled."""
    return "'" + text.replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    """``name`` as a quoted SQL identifier: in double quotes, each double quote inside doubled."""
    return '"' + name.replace('"', '""') + '"'
