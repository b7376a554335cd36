"""The tables of every domain. Importing this package registers them all on `SQLModel.metadata`."""

from db.tables.idempotency import IdempotencyKeyRow
from db.tables.ministry import (
    NationalCircularRow,
    NationalCircularSourceRow,
    ObligationCategoryRow,
    ObligationTransferRow,
    SocialSecurityObligationRow,
)
from db.tables.municipalities import (
    CommitteeMembershipRow,
    CommitteeRole,
    CommitteeSummaryRow,
    CommitteeVoteChoice,
    CommitteeVoteRow,
    DraftDirectiveEventRow,
    DraftDirectiveRow,
    DraftKind,
    DraftStatus,
    MayorRow,
    MayorsCommitteeRow,
    MunicipalityKind,
    MunicipalityRow,
    ProvinceRow,
)

__all__ = [
    "CommitteeMembershipRow",
    "CommitteeRole",
    "CommitteeSummaryRow",
    "CommitteeVoteChoice",
    "CommitteeVoteRow",
    "DraftDirectiveEventRow",
    "DraftDirectiveRow",
    "DraftKind",
    "DraftStatus",
    "IdempotencyKeyRow",
    "MayorRow",
    "MayorsCommitteeRow",
    "MunicipalityKind",
    "MunicipalityRow",
    "NationalCircularRow",
    "NationalCircularSourceRow",
    "ObligationCategoryRow",
    "ObligationTransferRow",
    "ProvinceRow",
    "SocialSecurityObligationRow",
]
