"""Jinja reads a string literal's escapes as Python does: '\\b' in a macro's Jinja is a
backspace, not RE2's word boundary, and a pattern holding one silently never matches there
("male stabbed outside" once read no use). Every word boundary in a Jinja line of a macro (one
that sets, joins or quotes a pattern) is written '\\\\b'; plain SQL in a macro is not Jinja and
is not checked."""

import re

from pipelines.settings import DBT_PROJECT_DIR

SINGLE_ESCAPED_BOUNDARY = re.compile(r"(?<!\\)\\b")
JINJA_LINE = re.compile(r"\{%|\s~\s|_re\(|^\s*'.*',?\s*$")


def test_no_jinja_pattern_in_a_macro_holds_a_single_escaped_word_boundary():
    found = [f"{path.name}:{number}" for path in sorted((DBT_PROJECT_DIR / "macros").glob("*.sql"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if JINJA_LINE.search(line) and SINGLE_ESCAPED_BOUNDARY.search(line)]
    assert found == []
