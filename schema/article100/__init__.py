"""Article 100 commissions: building-violation cases from report to closure (seed 003)."""
