"""Data access of the municipalities domain."""
