"""The schema: every domain's root fields merged, served as an Apollo Federation 2 subgraph."""

from __future__ import annotations

from typing import Final

import strawberry
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from schema.auth import AuthQuery
from schema.compiled_reads import CompiledReads
from schema.errors import MaskInternalErrors
from schema.extensions import ReleaseDatabase
from schema.ministry.analytics import AnalyticsQuery
from schema.ministry.circulars import CircularsQuery
from schema.ministry.mutations import MinistryMutation
from schema.ministry.query import MinistryQuery
from schema.municipalities.mutations import MunicipalitiesMutation
from schema.municipalities.query import MunicipalitiesQuery
from schema.municipalities.subscription import MunicipalitiesSubscription
from schema.scalars import SCALARS

#: Both Apollo's and The Guild's composition accept Federation 2.7 (Strawberry's default is newer).
FEDERATION_VERSION: Final = "2.7"

Query = merge_types(
    "Query", (MunicipalitiesQuery, MinistryQuery, AnalyticsQuery, CircularsQuery, AuthQuery)
)
Query.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Reads across Iran's municipalities, the mayors' committee, draft directives and "
    "social-security obligations."
)

Mutation = merge_types("Mutation", (MunicipalitiesMutation, MinistryMutation))
Mutation.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Writes: the life of a draft directive (offices, committee, ministry) and the committee's "
    "administration. Each needs a bearer token; each returns a payload with `errors`."
)

Subscription = merge_types("Subscription", (MunicipalitiesSubscription,))
Subscription.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Live events over WebSocket (graphql-transport-ws) at /graphql."
)


def build_schema() -> strawberry.federation.Schema:
    return strawberry.federation.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[
            MaskInternalErrors,
            ReleaseDatabase,
            lambda: ParserCache(maxsize=1024),  # the caches are shared by module, per maxsize
            lambda: ValidationCache(maxsize=1024),
            CompiledReads,
        ],
        federation_version=FEDERATION_VERSION,
        config=StrawberryConfig(scalar_map=SCALARS),
    )


schema = build_schema()
