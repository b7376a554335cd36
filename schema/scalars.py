"""Custom scalars."""

from __future__ import annotations

from typing import NewType

import strawberry
from strawberry.types.scalar import ScalarDefinition

from schema.errors import ClientError

_MAX_RIALS = 2**63 - 1


def _parse_money(value: object) -> int:
    if isinstance(value, bool):
        raise ClientError("Money must be a whole number of rials, given as a string of digits")
    if isinstance(value, int):
        amount = value
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit() and value.isascii():
        amount = int(value.strip())
    else:
        raise ClientError(
            f"Money must be a whole number of rials, given as a string of digits; got {value!r}"
        )
    if not -_MAX_RIALS <= amount <= _MAX_RIALS:
        raise ClientError("Money is out of range (64-bit rials)")
    return amount


Money = NewType("Money", int)

MONEY = strawberry.scalar(
    name="Money",
    description=(
        "An exact amount of Iranian rials (1 toman = 10 rials), serialized as a string of decimal "
        'digits such as "15000000000000" (1,500 billion tomans). Amounts exceed a 32-bit Int and '
        "sums can exceed what a JSON number carries exactly (2^53), so they travel as strings. "
        "Input accepts the same string, or an integer."
    ),
    serialize=str,
    parse_value=_parse_money,
)

#: Given to the schema's config, so that `Money` annotations become the `Money` scalar.
SCALARS: dict[object, ScalarDefinition] = {Money: MONEY}
