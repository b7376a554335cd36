"""National circulars: what the ministry adopts from the municipalities' drafts."""

from __future__ import annotations

from datetime import datetime

import strawberry

from db.tables import circular, circular_source
from db.tables.calendar import solar_hijri_of_instant
from schema.declare import Link, Node, column, expression, lookup, many, roots, table_type
from schema.municipalities.types import DraftDirective


@table_type(
    circular,
    keys=["id"],
    description=(
        "بخشنامه ملی: a national circular the Ministry of Interior adopted from one or more "
        "municipalities' draft directives."
    ),
)
class NationalCircular(Node):
    id: strawberry.ID = column("The circular's id.")
    number: str = column("Its own number: Solar Hijri year / serial in that year, e.g. 1404/0007.")
    title: str = column("Title, in Persian.")
    body: str = column("Full text, in Persian.")
    adopted_at: datetime = column("When the ministry adopted it (UTC).")
    adopted_by: str = column("The ministry reviewer who adopted it.")
    adopted_on_solar_hijri: str = expression(
        lambda c: solar_hijri_of_instant(c.c.adopted_at),
        description="The day it was adopted, Solar Hijri (Tehran time).",
    )
    draft_directives: list[DraftDirective] = many(
        through=Link(circular_source, parent="national_circular_id", child="draft_directive_id"),
        order=lambda d, link: [link.c.draft_directive_id],
        description="The drafts it was adopted from.",
    )


@roots
class CircularsQuery:
    national_circular: NationalCircular | None = lookup(
        "One national circular by id; a NOT_FOUND error when there is none."
    )
