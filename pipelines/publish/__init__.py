"""The read-only copy of the warehouse that BI tools query."""
