"""A delivered file before it is parsed: whether it may be read at all, and how.

Each file is looked at on its own, so that a bad one is rejected whole with its reason while
every other file of the range loads. In order: the file's real path must be inside the
landing folder (a symbolic link leading out is never followed) and be a regular file; then
one pass over its bytes takes the SHA-256 and finds NUL bytes and bare carriage returns; a
name the contract does not read (a copy suffix such as " (1)", another extension) is
rejected with its records counted, so it is never passed over without a word; the first
bytes tell a compressed or UTF-16 file; the header, with any UTF-8 byte-order mark
stripped, must be UTF-8, comma-separated and hold every contract column (in any order).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import os
import re
import stat
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from pipelines.shared.contract import Source, name_problem

BOM = b"\xef\xbb\xbf"
GZIP_MAGIC, ZIP_MAGIC, UTF16_BOMS = b"\x1f\x8b", b"PK\x03\x04", (b"\xff\xfe", b"\xfe\xff")
# Bytes that stand in for a NUL and a bare CR in the cleaned copy a dirty file is read from:
# ASCII SUB and FS, which no extract holds; the records holding them are quarantined.
NUL_MARK, CR_MARK = "\x1a", "\x1c"
_BARE_CR = re.compile(rb"\r(?!\n)")
_DELIMITERS = {";": "';' (semicolon)", "\t": "tab", "|": "'|' (pipe)"}
_BLOCK = 1 << 20


@dataclass(frozen=True)
class Delivery:
    path: Path
    day: date
    size: int
    sha256: str | None = None
    header: tuple[str, ...] | None = None     # column names as delivered, BOM stripped
    dirty: bool = False                        # NUL bytes or bare CRs: read from a cleaned copy
    rejected: str | None = None                # why the file is refused whole
    lines: int = 0                             # records of a rejected file (0 when never read)
    note: str | None = None                    # what was put right in a file that loads
    delivered_at: float = 0.0                  # modification time: a later delivery of the day wins


def count_records(data: bytes, delimiter: str = ",") -> int:
    """Data records of a file that will not load, as a CSV reader splits them (header left
    out), so the ledger still accounts for its lines."""
    if data.startswith(GZIP_MAGIC):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError):
            return data.count(b"\n")
    if data[:2] in UTF16_BOMS:
        text = data.decode("utf-16", errors="replace")
    else:
        text = data.removeprefix(BOM).decode("utf-8", errors="replace").replace("\x00", "")
    try:
        return max(sum(1 for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)) - 1, 0)
    except csv.Error:
        return max(len(text.splitlines()) - 1, 0)


def _header_problem(first: bytes, source: Source) -> tuple[str | None, tuple[str, ...] | None, str]:
    """(reason to reject, header, delimiter the reason names) from the file's first bytes."""
    if first.startswith(GZIP_MAGIC):
        return "gzip-compressed, expected plain CSV", None, ","
    if first.startswith(ZIP_MAGIC):
        return "zip-compressed, expected plain CSV", None, ","
    if first[:2] in UTF16_BOMS:
        return "UTF-16 text, expected UTF-8", None, ","
    line = first.removeprefix(BOM).split(b"\n", 1)[0]
    if b"\r" in line.rstrip(b"\r"):
        return "bare CR line endings, expected CRLF or LF", None, ","
    try:
        text = line.decode("utf-8").rstrip("\r")
    except UnicodeDecodeError:
        return "header is not UTF-8 text", None, ","
    header = tuple(c.strip() for c in next(csv.reader([text]), []))
    missing = [c for c in source.column_names if c not in header]
    if not missing:
        return None, header, ","
    for delimiter, name in _DELIMITERS.items():
        split = {c.strip() for c in next(csv.reader([text], delimiter=delimiter), [])}
        if set(source.column_names) <= split:
            return f"delimiter {name}, expected ','", None, delimiter
    more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
    return f"missing required column {missing[0]!r}{more}", None, ","


def inspect(path: Path, day: date, landing: Path, source: Source) -> Delivery:
    """The file as the loader may read it, or rejected with a one-line reason."""
    try:
        inside = path.resolve().is_relative_to(landing.resolve())
        info = os.stat(path)
    except FileNotFoundError:
        return Delivery(path, day, 0, rejected="a link to a file that does not exist")
    except OSError as exc:
        return Delivery(path, day, 0, rejected=f"cannot be opened: {exc.strerror}")
    if not inside:
        return Delivery(path, day, 0, rejected="a link to a file outside the landing folder (not read)")
    if not stat.S_ISREG(info.st_mode):
        return Delivery(path, day, 0, rejected="not a regular file (not read)")
    misnamed = name_problem(path.name)
    digest, dirty, first, carry = hashlib.sha256(), False, b"", b""
    try:
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(_BLOCK), b""):
                digest.update(block)
                if not first:
                    first = block
                if not dirty:
                    dirty = (b"\x00" in block or (carry == b"\r" and not block.startswith(b"\n"))
                             or _BARE_CR.search(block[:-1] if block.endswith(b"\r") else block) is not None)
                carry = block[-1:]
    except OSError as exc:
        return Delivery(path, day, info.st_size, rejected=f"cannot be read: {exc.strerror}")
    delivery = Delivery(path, day, info.st_size, digest.hexdigest(), delivered_at=info.st_mtime, dirty=dirty)
    if misnamed:
        return replace(delivery, rejected=f"name not in the contract: {misnamed} (not loaded; rename it to load it)",
                       lines=count_records(path.read_bytes()) if info.st_size else 0)
    if info.st_size == 0:
        return delivery
    reason, header, delimiter = _header_problem(first, source)
    if reason:
        return replace(delivery, rejected=reason, lines=count_records(path.read_bytes(), delimiter))
    fixes = [*(["UTF-8 byte-order mark stripped"] if first.startswith(BOM) else []),
             *(["NUL bytes or bare carriage returns: the records holding them quarantined"] if dirty else [])]
    return replace(delivery, header=header, note="; ".join(fixes) or None)


def cleaned_copy(delivery: Delivery, folder: Path) -> Path:
    """A copy of a dirty file with each NUL byte and bare CR replaced by its mark, same lines."""
    data = delivery.path.read_bytes().replace(b"\x00", NUL_MARK.encode())
    target = folder / f"{delivery.sha256}.csv"   # files read together never share their bytes
    target.write_bytes(_BARE_CR.sub(CR_MARK.encode(), data))
    return target
