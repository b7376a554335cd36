"""Data access of the councils domain."""
