"""The dbt launcher answers ``--version`` locally and hands everything else to dbt."""

import re
import subprocess
import sys

from dbt.version import __version__ as DBT_CORE_VERSION

from pipelines.settings import DBT_EXECUTABLE, DBT_PROJECT_DIR


def test_version_is_the_installed_dbt_core_read_without_dbt_or_the_network():
    probe = ("import sys; sys.argv = ['pipelines-dbt', '--version']\n"
             "from pipelines.transform.dbt_launcher import main; main()\n"
             "loaded = [m for m in ('dbt.cli.main', 'dbt.version', 'requests') if m in sys.modules]\n"
             "print('loaded:', loaded)")
    shown = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    # dagster-dbt takes the first x.y.z of the output as the engine's version.
    assert re.search(r"(\d+\.\d+\.\d+)", shown).group(1) == DBT_CORE_VERSION
    assert "loaded: []" in shown


def test_other_commands_run_dbt_itself(tmp_path):
    done = subprocess.run([DBT_EXECUTABLE, "ls", "--resource-type", "seed", "--quiet", "--output", "name",
                           "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path),
                           "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)],
                          capture_output=True, text=True, env={"WAREHOUSE_PATH": ":memory:",
                                                               "DUCKDB_MEMORY_LIMIT": "1GB", "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr + done.stdout
    assert "districts" in done.stdout.split()
