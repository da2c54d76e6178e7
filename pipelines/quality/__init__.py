"""Data-quality checks: Great Expectations suites run on frames read from DuckDB."""
