"""What every stage shares: the extract contract and file naming (``contract``), the daily
partitions (``partitions``) and the nightly job, schedule and sensor (``nightly``). Stages
import these and never each other; nothing here reads a file or runs anything at import."""
