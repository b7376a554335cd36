"""Full-text search across the documents of every owner."""
