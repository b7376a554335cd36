"""The core: what every layer needs and that knows nothing of GraphQL or HTTP: settings, domain
errors, tokens and the caller, the calendar, Persian text and ids."""
