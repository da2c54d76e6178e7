"""Everything a user opens works offline: no generated page loads a script, stylesheet or
image from the internet, and every local asset a page names exists."""

import re

import yaml

from pipelines.quality.offline_docs import REMOTE_ASSET, localise_page
from pipelines.settings import DBT_PROJECT_DIR

LOCAL_ASSET = re.compile(r'<(?:script|img|link)\b[^>]*\b(?:src|href)="([^"#:]+)"', re.IGNORECASE)


def _pages(nightly):
    pages = [*(nightly.folder / "quality" / "data_docs").rglob("*.html"), *(nightly.folder / "reports").rglob("*.html")]
    assert len(pages) > 3
    return pages


def test_no_generated_page_loads_anything_from_the_internet(nightly):
    remote = {f"{p.name}: {m}" for p in _pages(nightly) for m in REMOTE_ASSET.findall(p.read_text(encoding="utf-8"))}
    assert remote == set()


def test_every_local_asset_a_data_docs_page_names_is_there(nightly):
    missing = set()
    for page in (nightly.folder / "quality" / "data_docs").rglob("*.html"):
        for target in LOCAL_ASSET.findall(page.read_text(encoding="utf-8")):
            if not (page.parent / target).is_file():
                missing.add(f"{page.name}: {target}")
    assert missing == set()


def test_every_page_the_data_docs_index_links_is_built(nightly):
    site = nightly.folder / "quality" / "data_docs"
    links = re.findall(r'href="([^"#:]+\.html)"', (site / "index.html").read_text(encoding="utf-8"))
    assert any("expectations/" in link for link in links)    # the suites are listed
    assert [link for link in links if not (site / link).is_file()] == []


def test_a_page_from_the_cdn_is_rewritten_to_the_vendored_copies():
    page = ('<script src="https://code.jquery.com/jquery-3.7.1.min.js"></script>'
            '<script src="https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js" '
            'integrity="sha384-x" crossorigin="anonymous"></script>'
            '<img src="https://great-expectations-web-assets.s3.us-east-2.amazonaws.com/logo-long.png?d=1">'
            '<link rel="icon" href="../../../static/images/favicon.ico">'
            '<a href="https://greatexpectations.io">link</a>')
    out = localise_page(page, "../../../../static")
    assert REMOTE_ASSET.findall(out) == []
    assert '"../../../../static/vendor/jquery@3.7.1/dist/jquery.min.js"' in out and "integrity" not in out
    assert 'src="../../../../static/images/logo-long-vector.svg"' in out
    assert 'href="../../../../static/images/favicon.ico"' in out and 'href="https://greatexpectations.io"' in out


def test_dbt_sends_no_usage_statistics():
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())
    assert project["flags"]["send_anonymous_usage_stats"] is False
