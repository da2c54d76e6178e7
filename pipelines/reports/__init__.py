"""What the Crime Bureau and managers receive: the compliance report, the worklist and the
performance tables, rendered from the marts."""
