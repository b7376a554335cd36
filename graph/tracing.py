"""Federated tracing (ftv1) for the gateway alone, with errors as masked as in the response.

Strawberry's extension traces any request that sends `apollo-federation-include-trace: ftv1`, and
writes each resolver's exception into the trace as it was raised: an internal error the response
masks ("Internal server error.") would reach the caller in `extensions.ftv1`, exception text, SQL
and parameters included. Here a trace is made only for the gateway (`gateway_trace_requested`:
the shared secret it sends), and an error the response masks is masked in the trace too.
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLResolveInfo
from strawberry.extensions.tracing.apollo_federation import ApolloFederationTracingExtension

from core.auth import gateway_trace_requested
from core.settings import Settings
from schema.errors import INTERNAL_MESSAGE, is_shown


class GatewayTracing(ApolloFederationTracingExtension):
    def _check_should_trace(self) -> bool:
        context = self.execution_context.context
        settings = getattr(context, "settings", None)
        headers = getattr(getattr(context, "request", None), "headers", None)
        return (
            isinstance(settings, Settings)
            and headers is not None
            and gateway_trace_requested(headers, settings)
        )

    def _make_error(self, e: Exception, info: GraphQLResolveInfo[Any]) -> Any:
        return super()._make_error(e if is_shown(e) else Exception(INTERNAL_MESSAGE), info)
