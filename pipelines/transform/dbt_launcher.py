"""``pipelines-dbt``: dbt's own command line, except that ``--version`` is answered from the
installed package's metadata.

dagster-dbt runs ``<dbt executable> --version`` before every dbt step to learn which engine it
drives. dbt answers it by starting its whole command line and asking pypi.org for the latest
releases of dbt-core and each adapter (a one-second timeout per request): a police network
with no route out pays the timeouts every night, and a connected one sends two requests to the
internet from the nightly job. Only the installed version is wanted, so it is read locally.
"""

from __future__ import annotations

import sys
from importlib.metadata import version


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        print(f"Core:\n  - installed: {version('dbt-core')}")
        return
    from dbt.cli.main import cli

    sys.exit(cli())
