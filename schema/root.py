"""The schema: every domain's root fields merged, served as an Apollo Federation 2 subgraph."""

from __future__ import annotations

from typing import Final

import strawberry
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types

from schema.compiled_reads import CompiledReads
from schema.errors import MaskInternalErrors
from schema.extensions import ReleaseDatabase
from schema.federation import FederatedSchema
from schema.limits import RequestLimits
from schema.ministry.analytics import AnalyticsQuery
from schema.ministry.query import MinistryQuery
from schema.municipalities.query import MunicipalitiesQuery
from schema.scalars import SCALARS

#: Both Apollo's and The Guild's composition accept Federation 2.7 (Strawberry's default is newer).
FEDERATION_VERSION: Final = "2.7"

Query = merge_types("Query", (MunicipalitiesQuery, MinistryQuery, AnalyticsQuery))
Query.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Reads across Iran's municipalities, the mayors' committee, draft directives and "
    "social-security obligations."
)


def build_schema() -> strawberry.federation.Schema:
    return FederatedSchema(
        query=Query,
        extensions=[
            MaskInternalErrors,
            ReleaseDatabase,
            RequestLimits,  # parsing and validation (cached), and the limits between them
            CompiledReads,
        ],
        federation_version=FEDERATION_VERSION,
        config=StrawberryConfig(scalar_map=SCALARS),
    )


schema = build_schema()
