"""smallProjectCreate: a neighbourhood council's member fills in a small-scale project's form
(the form the planning deputy's working group prepared) for the council's neighbourhood.

The project starts as DRAFT of its council, written down as its first step. Fails with
UNAUTHENTICATED, FORBIDDEN (not a councillor holding office today), VALIDATION (title, description,
cost, beneficiaries, location, idempotency key). A replay with the same idempotency key returns the
first project.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry
from sqlalchemy import insert, select

from core.auth import Role
from db.tables import ProjectStatus, neighbourhood_council, small_project
from resolvers import idempotency
from resolvers.municipalities.drafts import clean_text, normalize_paragraphs
from resolvers.mutations import Changed, MutationContext, invalid, respond
from resolvers.neighbourhoods.common import acting_post, record
from schema.context import Info
from schema.neighbourhoods.types import SmallProject
from schema.payloads import IDEMPOTENCY_KEY, MutationError, errors_field
from schema.scalars import Money

OPERATION = "smallProjectCreate"
#: A small-scale project costs at most this many rials (a thousand billion).
MAX_COST = 10**15
MAX_BENEFICIARIES = 10_000_000


@dataclass(frozen=True)
class FormData:
    """The form's fields, cleaned."""

    title: str
    description: str
    estimated_cost_rials: int
    beneficiaries: int
    location_fa: str


def clean_form(
    title: str | None,
    description: str | None,
    cost: int | None,
    beneficiaries: int | None,
    location: str | None,
    *,
    required: bool,
) -> dict[str, object]:
    """The form's given fields, cleaned (VALIDATION naming the field); all required on create."""
    values: dict[str, object] = {}
    if title is not None or required:
        values["title"] = clean_text(
            title, field="title", label="The title", label_fa="عنوان", maximum=300, required=True
        )
    if description is not None or required:
        values["description"] = clean_text(
            description,
            field="description",
            label="The description",
            label_fa="شرح پروژه",
            maximum=20_000,
            required=True,
            normalise=normalize_paragraphs,
        )
    if cost is not None or required:
        if cost is None or not 0 < cost <= MAX_COST:
            raise invalid(
                f"The estimated cost is a positive number of rials, at most {MAX_COST}.",
                "برآورد هزینه باید مبلغی مثبت به ریال باشد.",
                field="estimatedCostRials",
            )
        values["estimated_cost_rials"] = cost
    if beneficiaries is not None or required:
        if beneficiaries is None or not 0 <= beneficiaries <= MAX_BENEFICIARIES:
            raise invalid(
                f"Beneficiaries are 0 to {MAX_BENEFICIARIES} people.",
                "شمار بهره‌مندان معتبر نیست.",
                field="beneficiaries",
            )
        values["beneficiaries"] = beneficiaries
    if location is not None or required:
        values["location_fa"] = clean_text(
            location,
            field="location",
            label="The location",
            label_fa="محل",
            maximum=500,
            required=True,
        )
    return values


async def small_project_create(
    ctx: MutationContext, form: FormData, idempotency_key: str | None
) -> int:
    key = idempotency.clean_key(idempotency_key)
    values = clean_form(
        form.title,
        form.description,
        form.estimated_cost_rials,
        form.beneficiaries,
        form.location_fa,
        required=True,
    )
    async with ctx.db.transaction() as conn:
        post = await acting_post(conn, ctx, Role.NEIGHBOURHOOD_COUNCILLOR)
        if key is not None:
            digest = idempotency.request_hash({k: str(v) for k, v in values.items()})
            first = await idempotency.claim(ctx, conn, OPERATION, key, digest, column="result_id")
            if first is not None:
                return first
        council = (
            await conn.execute(
                select(neighbourhood_council).where(neighbourhood_council.c.id == post.council_id)
            )
        ).one()
        now = ctx.clock()
        row = (
            await conn.execute(
                insert(small_project)
                .values(
                    district_id=council.district_id,
                    neighbourhood_id=council.neighbourhood_id,
                    council_id=council.id,
                    status=ProjectStatus.DRAFT.value,
                    round=0,
                    version=1,
                    created_by_post_id=post.id,
                    created_at=now,
                    stage_since=now,
                    is_sample=False,
                    **values,
                )
                .returning(*small_project.c)
            )
        ).one()
        await record(ctx, conn, row, None, ProjectStatus.DRAFT, post, None, now)
        if key is not None:
            await idempotency.settle(ctx, conn, OPERATION, key, row.id, column="result_id")
    return int(row.id)


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="A small-scale project's form, as its council's members fill it in.")
class SmallProjectCreateInput:
    title: str = strawberry.field(description="Its title, in Persian (at most 300 characters).")
    description: str = strawberry.field(description="What it is (at most 20,000 characters).")
    estimated_cost_rials: Money = strawberry.field(description="Estimated cost, in rials.")
    beneficiaries: int = strawberry.field(description="How many people it serves.")
    location: str = strawberry.field(description="Where, in Persian (at most 500 characters).")
    idempotency_key: str | None = strawberry.field(default=None, description=IDEMPOTENCY_KEY)


@strawberry.type(description="The result of smallProjectCreate.")
class SmallProjectCreatePayload:
    project: SmallProject | None = strawberry.field(description="The project; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[SmallProjectCreateInput, strawberry.argument(description="The form.")],
) -> SmallProjectCreatePayload:
    async def run(ctx: MutationContext) -> Changed:
        project_id = await small_project_create(
            ctx,
            FormData(
                title=input.title,
                description=input.description,
                estimated_cost_rials=int(input.estimated_cost_rials),
                beneficiaries=input.beneficiaries,
                location_fa=input.location,
            ),
            input.idempotency_key,
        )
        return {"project": (SmallProject, project_id)}

    return await respond(info, SmallProjectCreatePayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "A neighbourhood council's member (NEIGHBOURHOOD_COUNCILLOR) fills in a small project's "
        "form for the council's neighbourhood: a DRAFT."
    ),
)
