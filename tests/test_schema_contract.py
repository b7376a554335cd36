"""The schema contract (graph/contract.py, `civicgraph schema-contract`): the current schema keeps
the committed release, a removed or changed field fails with a message naming it, and a field
deprecated in the release may be removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli import current_sdl_texts, main
from graph.contract import check, compare, release

RELEASED = """\
type Query {
  "A province."
  province(id: ID!): Province
  "Every province."
  provinces(first: Int): [Province!]!
}

"A province."
type Province {
  "Its id."
  id: ID!
  "Its name."
  nameEn: String!
  "Its old code."
  code: String @deprecated(reason: "Use id.")
  "Its kind."
  kind: Kind!
}

"A kind."
enum Kind {
  "A."
  A
  "B."
  B @deprecated(reason: "Gone.")
}
"""


def test_the_current_schema_keeps_its_release() -> None:
    verdicts = check(current_sdl_texts())
    assert [v.name for v in verdicts] == ["merged", "municipalities", "ministry", "councils"]
    assert all(v.passed for v in verdicts), [v.breaking for v in verdicts]


def test_an_unchanged_schema_passes() -> None:
    verdict = compare("merged", RELEASED, RELEASED)
    assert verdict.passed
    assert verdict.breaking == verdict.dangerous == verdict.retired == []


def test_a_removed_field_fails_and_is_named() -> None:
    verdict = compare(
        "merged", RELEASED, RELEASED.replace('  "Its name."\n  nameEn: String!\n', "")
    )
    assert not verdict.passed
    [line] = verdict.breaking
    assert line.startswith("FIELD_REMOVED: ")
    assert "Province.nameEn was removed." in line


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("nameEn: String!", "nameEn: Int!"), ("FIELD_CHANGED_KIND", "Province.nameEn")),
        (("nameEn: String!", "nameEn: String"), ("FIELD_CHANGED_KIND", "Province.nameEn")),
        (("provinces(first: Int)", "provinces(first: Int!)"), ("ARG_CHANGED_KIND", "first")),
        (("provinces(first: Int)", "provinces"), ("ARG_REMOVED", "first")),
        (("(first: Int)", "(first: Int, after: ID!)"), ("REQUIRED_ARG_ADDED", "after")),
        (('  "A."\n  A\n', ""), ("VALUE_REMOVED_FROM_ENUM", "A")),
        (("ID!): Province", "Int!): Province"), ("ARG_CHANGED_KIND", "id")),
    ],
    ids=[
        "type",
        "non-null to nullable",
        "nullable argument to non-null",
        "argument",
        "required argument",
        "enum value",
        "argument type",
    ],
)
def test_each_kind_of_break_fails(change: tuple[str, str], expected: tuple[str, str]) -> None:
    verdict = compare("merged", RELEASED, RELEASED.replace(*change))
    assert not verdict.passed
    kind, named = expected
    assert any(line.startswith(f"{kind}: ") and named in line for line in verdict.breaking), (
        verdict.breaking
    )


def test_a_field_or_value_deprecated_in_the_release_may_be_removed() -> None:
    current = RELEASED.replace(
        '  "Its old code."\n  code: String @deprecated(reason: "Use id.")\n', ""
    )
    current = current.replace('  "B."\n  B @deprecated(reason: "Gone.")\n', "")
    verdict = compare("merged", RELEASED, current)
    assert verdict.passed
    assert len(verdict.retired) == 2
    assert "Province.code was removed." in verdict.retired[0]


def test_an_added_field_passes_and_an_added_enum_value_is_only_dangerous() -> None:
    current = RELEASED.replace('  "B."\n', '  "C."\n  C\n  "B."\n').replace(
        "  kind: Kind!\n", '  kind: Kind!\n  "New."\n  nameFa: String\n'
    )
    verdict = compare("merged", RELEASED, current)
    assert verdict.passed
    [line] = verdict.dangerous
    assert line.startswith("VALUE_ADDED_TO_ENUM: ")


def test_the_command_fails_on_a_copy_of_the_release_missing_a_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The release gains a field the code does not have: for the contract, the code removed it."""
    release(current_sdl_texts(), tmp_path)
    assert main(["schema-contract", "--released", str(tmp_path)]) == 0
    merged = tmp_path / "merged.graphql"
    text = merged.read_text("utf-8")
    merged.write_text(
        text.replace(
            'type Province implements Node @key(fields: "id") {\n',
            'type Province implements Node @key(fields: "id") {\n  "Gone."\n  legacyCode: String\n\n',
            1,
        ),
        encoding="utf-8",
    )
    assert main(["schema-contract", "--released", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "merged: BREAKING FIELD_REMOVED: " in err
    assert "Province.legacyCode was removed." in err
    assert "the schema breaks its release (merged)" in err


def test_release_schema_writes_every_served_schema(tmp_path: Path) -> None:
    assert main(["release-schema", "--released", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "councils.graphql",
        "merged.graphql",
        "ministry.graphql",
        "municipalities.graphql",
    ]
