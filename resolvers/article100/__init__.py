"""Article 100 commissions: the writes, one module per mutation."""
