"""Data Docs that open offline and call nowhere: police networks are often closed.

Great Expectations' pages load jQuery, Bootstrap, bootstrap-table, Vega and Font Awesome
from public CDNs and the logo from a cloud bucket with the data context's id in the address.
After each build the pinned copies in ``expectations/data_docs_static/vendor`` (listed, with
the address each replaces, in ``vendor.json``) are copied into the site's ``static/vendor``
folder and every page is rewritten to load them, and the logo, by relative paths.

Great Expectations' configuration cannot do this: its pages take the addresses from the
templates inside the package (``js_script_imports.j2``, ``top_navbar.j2``), and a site's
``custom_views_directory`` is consulted only after them, so a template of the same name
never replaces them. This rewrite is the one place that works round it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from functools import cache
from pathlib import Path

from pipelines import settings

STATIC_DIR = settings.EXPECTATIONS_DIR / "data_docs_static"
# The logo, fetched from Great Expectations' bucket with the data context id appended.
_REMOTE_LOGO = re.compile(r'src="https://great-expectations-web-assets\.[^"]*"')
# Subresource-integrity attributes name the CDN's bytes; the local copy needs none.
_CDN_ATTRIBUTES = re.compile(r'\s+(?:integrity|crossorigin)="[^"]*"')
# A relative address of the site's own static folder (Great Expectations counts the "../" of a
# validation page one folder short).
_STATIC_PATH = re.compile(r'"(?:\./|(?:\.\./)+)static/')
# An asset a page would load from elsewhere: a script, stylesheet or image address.
REMOTE_ASSET = re.compile(r'<(?:script|img|link)\b[^>]*\b(?:src|href)="(https?://[^"]+)"', re.IGNORECASE)


@cache
def _assets() -> dict[str, str]:
    with (STATIC_DIR / "vendor.json").open(encoding="utf-8") as fh:
        return json.load(fh)["assets"]


def localise_page(text: str, static: str) -> str:
    """The page with each CDN address replaced by its copy under ``static``/vendor, the remote
    logo by the site's own, and every relative address of the static folder made ``static``."""
    text = _STATIC_PATH.sub(f'"{static}/', text)
    for address, local in _assets().items():
        text = text.replace(f'"{address}"', f'"{static}/vendor/{local}"')
    text = _REMOTE_LOGO.sub(f'src="{static}/images/logo-long-vector.svg"', text)
    return _CDN_ATTRIBUTES.sub("", text)


def _copy_if_newer(source: str, target: str) -> None:
    """Copy a vendored file unless the site already holds it, unchanged since."""
    if not os.path.exists(target) or os.stat(target).st_mtime < os.stat(source).st_mtime:
        shutil.copy2(source, target)


def localise_site(site: Path, since: float | None = None) -> int:
    """Serve the vendored assets from ``site``/static/vendor and rewrite the pages that still
    load remote ones, of those written at or after ``since`` (a time.time()) when given: every
    earlier page was rewritten when it was built. Returns the number of pages rewritten."""
    if not site.is_dir():
        return 0
    static = site / "static"
    shutil.copytree(STATIC_DIR / "vendor", static / "vendor", dirs_exist_ok=True, copy_function=_copy_if_newer)
    rewritten = 0
    for page in site.rglob("*.html"):
        if since is not None and page.stat().st_mtime < since:
            continue
        text = page.read_text(encoding="utf-8")
        if not REMOTE_ASSET.search(text):
            continue
        page.write_text(localise_page(text, os.path.relpath(static, page.parent)), encoding="utf-8")
        rewritten += 1
    return rewritten
