"""The GraphQL schema: types, inputs, enums and error codes per domain, and the roots that join them."""
