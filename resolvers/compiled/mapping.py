"""The graph as the compiler sees it: which column, join or list each field of each type is.

It states, for the compiled path, what `schema/*/types.py` states for the general one; the test
`tests/test_compiled_reads.py` runs the same operations through both and demands the same data.
Fields that are not here (Solar Hijri dates, the committee's seated members, …) send the whole
operation to the general executor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Float, FromClause, case, cast, func, select
from sqlalchemy.sql.util import ClauseAdapter

from resolvers.compiled.compiler import (
    All,
    ById,
    GraphMap,
    Grouped,
    ObjectMap,
    Paged,
    Scalar,
    ToMany,
    ToOne,
)
from resolvers.councils.lists import (
    ASSEMBLY_KINDS,
    COUNCIL_RESOLUTIONS,
    COUNCILS,
    council_args,
    council_resolution_args,
)
from resolvers.listing import PageArgs
from resolvers.loaders import (
    CURRENT_TERM_ID,
    MEMBER_RANK,
    bill,
    category,
    committee,
    council,
    council_member,
    council_term,
    draft,
    event,
    joint_session,
    mayor,
    membership,
    municipality,
    obligation,
    province,
    resolution,
    transfer,
)
from resolvers.ministry.analytics import obligation_groups, obligation_question
from resolvers.ministry.lists import SOCIAL_SECURITY_OBLIGATIONS, obligation_args
from resolvers.municipalities.lists import (
    DRAFT_DIRECTIVES,
    MUNICIPALITIES,
    draft_directive_args,
    municipality_args,
)

if TYPE_CHECKING:
    from schema.context import Context

Builder = Callable[[int, str | None, Any, Any], PageArgs]


def _args(builder: Builder) -> Callable[[Context, dict[str, Any]], PageArgs]:
    def build(context: Context, arguments: dict[str, Any]) -> PageArgs:
        first = context.page_size(arguments.get("first"))
        return builder(
            first, arguments.get("after"), arguments.get("filter"), arguments.get("order_by")
        )

    return build


def _column(name: str, kind: str = "text") -> Scalar:
    return Scalar(lambda row: row.c[name], kind)


def _is_null(name: str) -> Scalar:
    return Scalar(lambda row: row.c[name].is_(None), "bool")


def _collected(row: FromClause) -> ColumnElement[Any]:
    paid = transfer.alias()
    total = select(func.sum(paid.c.amount)).where(paid.c.obligation_id == row.c.id)
    return func.coalesce(total.scalar_subquery(), 0)


ID = _column("id", "digits")


def _rank(member: FromClause) -> ColumnElement[Any]:
    """`MEMBER_RANK` (head, deputy head, secretary, members) on an alias of the member table."""
    adapted: ColumnElement[Any] = ClauseAdapter(member).traverse(MEMBER_RANK)
    return adapted


def _obligation_groups(arguments: dict[str, Any], name: str) -> tuple[FromClause, list[str]]:
    """`obligationsSummary(groupBy, filter)`: the groups as the general resolver reads them."""
    dimensions, where = obligation_question(arguments["group_by"], arguments.get("filter"))
    groups = obligation_groups(dimensions, where, name)
    return groups, [dimension.lower() for dimension in dimensions]


GRAPH = GraphMap(
    objects={
        "Province": ObjectMap(
            province,
            {
                "id": ID,
                "nameFa": _column("name_fa"),
                "nameEn": _column("name_en"),
                "centre": ToOne(
                    "Municipality",
                    lambda p, m: (m.c.province_id == p.c.id) & m.c.is_provincial_centre.is_(True),
                ),
                "municipalities": Paged(
                    "Municipality",
                    MUNICIPALITIES,
                    _args(municipality_args),
                    lambda p, m: m.c.province_id == p.c.id,
                ),
            },
        ),
        "Municipality": ObjectMap(
            municipality,
            {
                "id": ID,
                "nameFa": _column("name_fa"),
                "nameEn": _column("name_en"),
                "kind": _column("kind"),
                "isProvincialCentre": _column("is_provincial_centre", "bool"),
                "population": _column("population", "int"),
                "isSample": _column("is_sample", "bool"),
                "province": ToOne("Province", lambda m, p: p.c.id == m.c.province_id),
                "mayor": ToOne(
                    "Mayor",
                    lambda m, x: (x.c.municipality_id == m.c.id) & x.c.term_end.is_(None),
                ),
                "mayors": ToMany(
                    "Mayor",
                    lambda m, x: x.c.municipality_id == m.c.id,
                    lambda x: [x.c.term_start, x.c.id],
                ),
                "draftDirectives": Paged(
                    "DraftDirective",
                    DRAFT_DIRECTIVES,
                    _args(draft_directive_args),
                    lambda m, d: d.c.municipality_id == m.c.id,
                ),
                "socialSecurityObligations": Paged(
                    "SocialSecurityObligation",
                    SOCIAL_SECURITY_OBLIGATIONS,
                    _args(obligation_args),
                    lambda m, o: o.c.municipality_id == m.c.id,
                ),
                "council": ToOne(
                    "CityCouncil",
                    lambda m, c: (c.c.municipality_id == m.c.id) & (c.c.term_id == CURRENT_TERM_ID),
                ),
                "inCouncilsAssembly": Scalar(lambda m: m.c.kind.in_(ASSEMBLY_KINDS), "bool"),
                "hostedJointSessions": ToMany(
                    "JointSession",
                    lambda m, j: j.c.host_municipality_id == m.c.id,
                    lambda j: [j.c.sequence],
                ),
            },
        ),
        "JointSession": ObjectMap(
            joint_session,
            {
                "id": ID,
                "sequence": _column("sequence", "int"),
                "heldOn": _column("held_on", "date"),
                "title": _column("title"),
                "isSample": _column("is_sample", "bool"),
                "host": ToOne("Municipality", lambda j, m: m.c.id == j.c.host_municipality_id),
            },
        ),
        "CouncilTerm": ObjectMap(
            council_term,
            {
                "id": ID,
                "number": _column("number", "int"),
                "startsOn": _column("starts_on", "date"),
                "endsOn": _column("ends_on", "date"),
                "isSample": _column("is_sample", "bool"),
            },
        ),
        "CityCouncil": ObjectMap(
            council,
            {
                "id": ID,
                "municipality": ToOne("Municipality", lambda c, m: m.c.id == c.c.municipality_id),
                "term": ToOne("CouncilTerm", lambda c, t: t.c.id == c.c.term_id),
                "members": ToMany(
                    "CouncilMember",
                    lambda c, x: x.c.council_id == c.c.id,
                    lambda x: [_rank(x), x.c.full_name, x.c.id],
                ),
                "head": ToOne(
                    "CouncilMember", lambda c, x: (x.c.council_id == c.c.id) & (x.c.role == "HEAD")
                ),
                "resolutions": Paged(
                    "CouncilResolution",
                    COUNCIL_RESOLUTIONS,
                    _args(council_resolution_args),
                    lambda c, r: r.c.council_id == c.c.id,
                ),
            },
        ),
        "CouncilMember": ObjectMap(
            council_member,
            {
                "id": ID,
                "fullName": _column("full_name"),
                "role": _column("role"),
                "isSample": _column("is_sample", "bool"),
                "council": ToOne("CityCouncil", lambda x, c: c.c.id == x.c.council_id),
            },
        ),
        "CouncilResolution": ObjectMap(
            resolution,
            {
                "id": ID,
                "number": _column("number"),
                "title": _column("title"),
                "adoptedOn": _column("adopted_on", "date"),
                "uploadedAt": _column("uploaded_at", "instant"),
                "isUploadedToNationalSystem": Scalar(
                    lambda r: r.c.uploaded_at.is_not(None), "bool"
                ),
                "isSample": _column("is_sample", "bool"),
                "council": ToOne("CityCouncil", lambda r, c: c.c.id == r.c.council_id),
            },
        ),
        "GovernmentBill": ObjectMap(
            bill,
            {
                "id": ID,
                "titleFa": _column("title_fa"),
                "titleEn": _column("title_en"),
                "status": _column("status"),
                "assemblyPosition": _column("assembly_position"),
                "isSample": _column("is_sample", "bool"),
            },
        ),
        "Mayor": ObjectMap(
            mayor,
            {
                "id": ID,
                "fullName": _column("full_name"),
                "termStart": _column("term_start", "date"),
                "termEnd": _column("term_end", "date"),
                "isSample": _column("is_sample", "bool"),
                "isCurrent": _is_null("term_end"),
                "municipality": ToOne("Municipality", lambda x, m: m.c.id == x.c.municipality_id),
                "committeeMemberships": ToMany(
                    "CommitteeMembership",
                    lambda x, s: s.c.mayor_id == x.c.id,
                    lambda s: [s.c.started_on, s.c.id],
                ),
            },
        ),
        "CommitteeMembership": ObjectMap(
            membership,
            {
                "id": ID,
                "role": _column("role"),
                "startedOn": _column("started_on", "date"),
                "endedOn": _column("ended_on", "date"),
                "isActive": _is_null("ended_on"),
                "mayor": ToOne("Mayor", lambda s, x: x.c.id == s.c.mayor_id),
                "committee": ToOne("MayorsCommittee", lambda s, c: c.c.id == s.c.committee_id),
            },
        ),
        "MayorsCommittee": ObjectMap(
            committee,
            {
                "id": ID,
                "termStart": _column("term_start", "date"),
                "termEnd": _column("term_end", "date"),
                "isCurrent": _is_null("term_end"),
                "memberships": ToMany(
                    "CommitteeMembership",
                    lambda c, s: s.c.committee_id == c.c.id,
                    lambda s: [s.c.started_on, s.c.id],
                ),
            },
        ),
        "DraftDirective": ObjectMap(
            draft,
            {
                "id": ID,
                "kind": _column("kind"),
                "status": _column("status"),
                "title": _column("title"),
                "body": _column("body"),
                "version": _column("version", "int"),
                "createdAt": _column("created_at", "instant"),
                "updatedAt": _column("updated_at", "instant"),
                "submittedAt": _column("submitted_at", "instant"),
                "isSample": _column("is_sample", "bool"),
                "municipality": ToOne("Municipality", lambda d, m: m.c.id == d.c.municipality_id),
                "events": ToMany(
                    "DraftDirectiveEvent",
                    lambda d, e: e.c.draft_directive_id == d.c.id,
                    lambda e: [e.c.occurred_at, e.c.id],
                ),
            },
        ),
        "DraftDirectiveEvent": ObjectMap(
            event,
            {
                "id": ID,
                "occurredAt": _column("occurred_at", "instant"),
                "actor": _column("actor"),
                "fromStatus": _column("from_status"),
                "toStatus": _column("to_status"),
                "reason": _column("reason"),
                "draftDirective": ToOne(
                    "DraftDirective", lambda e, d: d.c.id == e.c.draft_directive_id
                ),
            },
        ),
        "ObligationCategory": ObjectMap(
            category,
            {
                "id": ID,
                "code": _column("code"),
                "nameFa": _column("name_fa"),
                "nameEn": _column("name_en"),
                "description": _column("description"),
                "isSample": _column("is_sample", "bool"),
            },
        ),
        "SocialSecurityObligation": ObjectMap(
            obligation,
            {
                "id": ID,
                "year": _column("year", "int"),
                "amountDue": _column("amount_due", "digits"),
                "isSample": _column("is_sample", "bool"),
                "amountCollected": Scalar(_collected, "digits"),
                "amountOutstanding": Scalar(lambda o: o.c.amount_due - _collected(o), "digits"),
                "municipality": ToOne("Municipality", lambda o, m: m.c.id == o.c.municipality_id),
                "category": ToOne("ObligationCategory", lambda o, c: c.c.id == o.c.category_id),
                "transfers": ToMany(
                    "ObligationTransfer",
                    lambda o, t: t.c.obligation_id == o.c.id,
                    lambda t: [t.c.transferred_on, t.c.id],
                ),
            },
        ),
        "ObligationSummary": ObjectMap(
            None,
            {
                "municipalityKind": _column("municipality_kind"),
                "year": _column("year", "int"),
                "category": ToOne("ObligationCategory", lambda g, c: c.c.id == g.c.category),
                "province": ToOne("Province", lambda g, p: p.c.id == g.c.province),
                "obligationCount": _column("obligation_count", "int"),
                "amountDue": _column("amount_due", "digits"),
                "amountCollected": _column("amount_collected", "digits"),
                "amountOutstanding": Scalar(
                    lambda g: g.c.amount_due - g.c.amount_collected, "digits"
                ),
                "collectionRate": Scalar(
                    lambda g: case(
                        (
                            g.c.amount_due != 0,
                            cast(g.c.amount_collected, Float) / cast(g.c.amount_due, Float),
                        )
                    ),
                    "float",
                ),
            },
        ),
        "ObligationTransfer": ObjectMap(
            transfer,
            {
                "id": ID,
                "transferredOn": _column("transferred_on", "date"),
                "amount": _column("amount", "digits"),
                "reference": _column("reference"),
                "isSample": _column("is_sample", "bool"),
            },
        ),
    },
    roots={
        "municipalities": Paged("Municipality", MUNICIPALITIES, _args(municipality_args)),
        "draftDirectives": Paged("DraftDirective", DRAFT_DIRECTIVES, _args(draft_directive_args)),
        "socialSecurityObligations": Paged(
            "SocialSecurityObligation", SOCIAL_SECURITY_OBLIGATIONS, _args(obligation_args)
        ),
        "provinces": All("Province", lambda p: [p.c.name_en, p.c.id]),
        "obligationCategories": All("ObligationCategory", lambda c: [c.c.code, c.c.id]),
        "councils": Paged("CityCouncil", COUNCILS, _args(council_args)),
        "councilResolutions": Paged(
            "CouncilResolution", COUNCIL_RESOLUTIONS, _args(council_resolution_args)
        ),
        "councilTerms": All("CouncilTerm", lambda t: [t.c.number]),
        "governmentBills": All("GovernmentBill", lambda b: [b.c.id]),
        "jointSessions": All("JointSession", lambda j: [j.c.sequence]),
        "obligationsSummary": Grouped("ObligationSummary", _obligation_groups),
        "council": ById("CityCouncil"),
        "councilResolution": ById("CouncilResolution"),
        "province": ById("Province"),
        "municipality": ById("Municipality"),
        "draftDirective": ById("DraftDirective"),
    },
)
