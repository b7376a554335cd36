"""The tables of every domain. Importing this package registers them all on `SQLModel.metadata`."""

from db.tables.ministry import (
    ObligationCategoryRow,
    ObligationTransferRow,
    SocialSecurityObligationRow,
)
from db.tables.municipalities import (
    CommitteeMembershipRow,
    CommitteeRole,
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
    "DraftDirectiveEventRow",
    "DraftDirectiveRow",
    "DraftKind",
    "DraftStatus",
    "MayorRow",
    "MayorsCommitteeRow",
    "MunicipalityKind",
    "MunicipalityRow",
    "ObligationCategoryRow",
    "ObligationTransferRow",
    "ProvinceRow",
    "SocialSecurityObligationRow",
]
