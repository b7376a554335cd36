"""smallProjectEdit: a member of the project's own council revises its form, while it is a DRAFT
or RETURNED to the council.

Carries `expectedVersion`: of two concurrent edits exactly one wins, the other answers
VERSION_CONFLICT. Fails with UNAUTHENTICATED, FORBIDDEN (not a councillor of the project's council),
NOT_FOUND, INVALID_TRANSITION (the form is with a signer or sent), VALIDATION, VERSION_CONFLICT.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry
from sqlalchemy import update

from db.tables import ProjectStatus, small_project
from resolvers.mutations import Changed, MutationContext, respond
from resolvers.neighbourhoods.common import (
    check_version,
    lock_project,
    own_council_post,
    parse_key,
    wrong_stage,
)
from resolvers.neighbourhoods.small_project_create import clean_form
from schema.context import Info
from schema.neighbourhoods.types import SmallProject
from schema.payloads import MutationError, errors_field
from schema.scalars import Money

EDITABLE = (ProjectStatus.DRAFT, ProjectStatus.RETURNED)


@dataclass(frozen=True)
class SmallProjectEditData:
    project_id: int
    expected_version: int
    title: str | None = None
    description: str | None = None
    estimated_cost_rials: int | None = None
    beneficiaries: int | None = None
    location: str | None = None


async def small_project_edit(ctx: MutationContext, data: SmallProjectEditData) -> int:
    values = clean_form(
        data.title,
        data.description,
        data.estimated_cost_rials,
        data.beneficiaries,
        data.location,
        required=False,
    )
    async with ctx.db.transaction() as conn:
        row = await lock_project(conn, ctx, data.project_id)
        await own_council_post(conn, ctx, row)
        status = ProjectStatus(row.status)
        if status not in EDITABLE:
            raise wrong_stage(status, "edited", "ویرایش کرد")
        check_version(row, data.expected_version)
        if values:
            await conn.execute(
                update(small_project)
                .where(small_project.c.id == row.id, small_project.c.version == row.version)
                .values(version=row.version + 1, **values)
            )
    return data.project_id


@strawberry.input(
    description="Changes to a small project's form; fields left out stay as they are."
)
class SmallProjectEditInput:
    project_id: strawberry.ID = strawberry.field(description="The project.")
    expected_version: int = strawberry.field(
        description="The version the change is based on (VERSION_CONFLICT when stale)."
    )
    title: str | None = strawberry.field(default=None, description="A new title.")
    description: str | None = strawberry.field(default=None, description="A new description.")
    estimated_cost_rials: Money | None = strawberry.field(
        default=None, description="A new estimated cost, in rials."
    )
    beneficiaries: int | None = strawberry.field(default=None, description="A new count.")
    location: str | None = strawberry.field(default=None, description="A new location.")


@strawberry.type(description="The result of smallProjectEdit.")
class SmallProjectEditPayload:
    project: SmallProject | None = strawberry.field(description="The project; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[SmallProjectEditInput, strawberry.argument(description="The changes.")],
) -> SmallProjectEditPayload:
    async def run(ctx: MutationContext) -> Changed:
        project_id = await small_project_edit(
            ctx,
            SmallProjectEditData(
                project_id=parse_key(input.project_id, kind="SmallProject", field="projectId"),
                expected_version=input.expected_version,
                title=input.title,
                description=input.description,
                estimated_cost_rials=int(input.estimated_cost_rials)
                if input.estimated_cost_rials is not None
                else None,
                beneficiaries=input.beneficiaries,
                location=input.location,
            ),
        )
        return {"project": (SmallProject, project_id)}

    return await respond(info, SmallProjectEditPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description=(
        "A member of the project's council (NEIGHBOURHOOD_COUNCILLOR) revises its form while it "
        "is DRAFT or RETURNED."
    ),
)
