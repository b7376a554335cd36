"""The ministry's side: social-security obligation categories, obligations and transfers."""

from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Column, Index, Text
from sqlmodel import Field, SQLModel

from db.types import UTCDateTime


class ObligationCategoryRow(SQLModel, table=True):
    """The seeds name four categories without naming them, so categories are data, not an enum."""

    __tablename__ = "obligation_category"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=40, unique=True)
    name_fa: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    description: str = Field(default="", max_length=2000)
    is_sample: bool = Field(default=True)


class SocialSecurityObligationRow(SQLModel, table=True):
    """What one municipality owes the Social Security Organization in one category and year."""

    __tablename__ = "social_security_obligation"
    __table_args__ = (
        CheckConstraint("amount_due >= 0", name="ck_social_security_obligation_amount_due"),
        CheckConstraint("year BETWEEN 1300 AND 1600", name="ck_social_security_obligation_year"),
        Index(
            "uq_social_security_obligation",
            "municipality_id",
            "year",
            "category_id",
            unique=True,
        ),
        Index("ix_social_security_obligation_year_category", "year", "category_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    municipality_id: int = Field(foreign_key="municipality.id")
    category_id: int = Field(foreign_key="obligation_category.id")
    year: int = Field(description="Solar Hijri year")
    amount_due: int = Field(sa_column=Column(BigInteger, nullable=False), description="rials")
    is_sample: bool = Field(default=True)


class ObligationTransferRow(SQLModel, table=True):
    """Money collected by a municipality and passed on against one obligation."""

    __tablename__ = "obligation_transfer"
    __table_args__ = (
        CheckConstraint("amount > 0", name="ck_obligation_transfer_amount"),
        Index("ix_obligation_transfer_obligation_date", "obligation_id", "transferred_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    obligation_id: int = Field(foreign_key="social_security_obligation.id")
    transferred_on: date
    amount: int = Field(sa_column=Column(BigInteger, nullable=False), description="rials")
    reference: str = Field(default="", max_length=100)
    is_sample: bool = Field(default=True)


class NationalCircularRow(SQLModel, table=True):
    """A national circular the ministry adopted from one or more municipalities' drafts."""

    __tablename__ = "national_circular"
    __table_args__ = (
        CheckConstraint("serial >= 1", name="ck_national_circular_serial"),
        CheckConstraint("year BETWEEN 1300 AND 1600", name="ck_national_circular_year"),
        Index("uq_national_circular_year_serial", "year", "serial", unique=True),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(max_length=20, unique=True, description="year/serial, e.g. 1404/0007")
    year: int = Field(description="Solar Hijri year of adoption")
    serial: int = Field(description="1, 2, … within the year")
    title: str = Field(max_length=300)
    title_key: str = Field(max_length=300)
    body: str = Field(sa_column=Column(Text, nullable=False))
    adopted_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    adopted_by: str = Field(max_length=200)
    is_sample: bool = Field(default=False)


class NationalCircularSourceRow(SQLModel, table=True):
    """Links a national circular back to a draft it was adopted from (a draft feeds at most one)."""

    __tablename__ = "national_circular_source"

    id: int | None = Field(default=None, primary_key=True)
    national_circular_id: int = Field(foreign_key="national_circular.id", index=True)
    draft_directive_id: int = Field(foreign_key="draft_directive.id", unique=True)
