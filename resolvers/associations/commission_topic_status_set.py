"""commissionTopicStatusSet: the commission's secretariat moves a topic to another status.

Resolving or dropping a topic closes it that day; opening it again clears the day. Fails with
UNAUTHENTICATED, FORBIDDEN (not the commission's secretariat), NOT_FOUND, VALIDATION (already in
that status).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry
from sqlalchemy import select, update

from core.auth import Role
from db.tables import CLOSED_TOPIC_STATUSES, TopicStatus, commission_topic
from resolvers.associations.elections import today
from resolvers.mutations import (
    Changed,
    MutationContext,
    invalid,
    not_found,
    parse_key,
    require_role,
    respond,
)
from schema.associations.types import CommissionTopic
from schema.context import Info
from schema.payloads import MutationError, errors_field


@dataclass(frozen=True)
class CommissionTopicStatusSetData:
    topic_id: int
    status: TopicStatus


async def commission_topic_status_set(
    ctx: MutationContext, data: CommissionTopicStatusSetData
) -> int:
    require_role(ctx.viewer, Role.COMMISSION_SECRETARIAT)
    async with ctx.db.transaction() as conn:
        found = await conn.execute(
            select(commission_topic).where(commission_topic.c.id == data.topic_id).with_for_update()
        )
        row = found.first()
        if row is None:
            raise not_found(
                f"No commission topic has id {data.topic_id}.",
                "موضوعی با این شناسه نیست.",
                field="topicId",
            )
        if row.status == data.status.value:
            raise invalid(
                f"The topic is already {data.status.value}.",
                "موضوع هم‌اکنون در همین وضعیت است.",
                field="status",
            )
        closed = data.status.value in CLOSED_TOPIC_STATUSES
        await conn.execute(
            update(commission_topic)
            .where(commission_topic.c.id == row.id)
            .values(status=data.status.value, closed_on=today(ctx) if closed else None)
        )
    return int(row.id)


# --- GraphQL ---------------------------------------------------------------------------------------


@strawberry.input(description="A topic of the commission moved to another status.")
class CommissionTopicStatusSetInput:
    topic_id: strawberry.ID = strawberry.field(description="The topic.")
    status: TopicStatus = strawberry.field(description="Its new status.")


@strawberry.type(description="The result of commissionTopicStatusSet.")
class CommissionTopicStatusSetPayload:
    topic: CommissionTopic | None = strawberry.field(description="The topic; null on errors.")
    errors: list[MutationError] = errors_field()


async def resolve(
    info: Info,
    input: Annotated[CommissionTopicStatusSetInput, strawberry.argument(description="The change.")],
) -> CommissionTopicStatusSetPayload:
    async def run(ctx: MutationContext) -> Changed:
        topic_id = await commission_topic_status_set(
            ctx,
            CommissionTopicStatusSetData(
                topic_id=parse_key(input.topic_id, kind="CommissionTopic", field="topicId"),
                status=input.status,
            ),
        )
        return {"topic": (CommissionTopic, topic_id)}

    return await respond(info, CommissionTopicStatusSetPayload, run)


MUTATION = strawberry.mutation(
    resolver=resolve,
    description="The commission's secretariat sets a topic's status (resolving or dropping closes it).",
)
