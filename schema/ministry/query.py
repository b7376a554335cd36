"""Root fields of the ministry domain."""

from __future__ import annotations

from schema.declare import page, roots, rows
from schema.ministry.lists import SOCIAL_SECURITY_OBLIGATIONS
from schema.ministry.types import ObligationCategory, SocialSecurityObligationConnection


@roots
class MinistryQuery:
    obligation_categories: list[ObligationCategory] = rows(
        order=lambda c: [c.c.code],
        description="The categories of social-security obligation, by code.",
    )
    social_security_obligations: SocialSecurityObligationConnection = page(
        SOCIAL_SECURITY_OBLIGATIONS,
        description=(
            "Social-security obligations across the country; latest year first unless "
            "`orderBy` says."
        ),
    )
