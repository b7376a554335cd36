"""Data access of the ministry domain."""
