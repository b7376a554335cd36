"""Storage: settings, the async engine, tables per domain, migrations and the data that ships."""
