"""Knife-crime verification between STORM (incidents) and ATHENA (crimes)."""
