"""The ministry's side: social-security obligation categories, obligations and transfers."""

from datetime import date

from sqlalchemy import BigInteger, CheckConstraint, Column, Index
from sqlmodel import Field, SQLModel


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
