"""Data access for the schema: the per-request database handle, loaders, list queries and
(later) mutations, per domain. Everything here returns rows; schema types wrap them."""
