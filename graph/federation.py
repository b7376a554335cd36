"""Federation's `_entities`, guarded: a representation that is not one of ours is the client's
error (`BAD_USER_INPUT`), not an exception inside Strawberry's resolver (found by the fuzzer)."""

from __future__ import annotations

import strawberry
from strawberry.federation.schema import FederationAny
from strawberry.federation.schema_directives import Key
from strawberry.types import Info

from core.errors import BadUserInput


class FederatedSchema(strawberry.federation.Schema):
    def _entity_keys(self) -> dict[str, set[str]]:
        """Each entity type's key fields, by type name (`@key(fields: "id")` → {"id"})."""
        keys: dict[str, set[str]] = {}
        for name, type_ in self.schema_converter.type_map.items():
            directives = getattr(getattr(type_, "definition", None), "directives", None) or ()
            for directive in directives:
                if isinstance(directive, Key):
                    keys.setdefault(name, set()).update(str(directive.fields).split())
        return keys

    # Strawberry reads the `_entities` field's types from this signature: keep FederationAny.
    def entities_resolver(
        self, info: Info, representations: list[FederationAny]
    ) -> list[FederationAny]:
        keys = self._entity_keys()
        for index, representation in enumerate(representations):
            where = f"representations[{index}]"
            if not isinstance(representation, dict):
                raise BadUserInput(f"{where} must be an object.", argument="representations")
            type_name = representation.get("__typename")
            if not isinstance(type_name, str) or type_name not in keys:
                raise BadUserInput(
                    f"{where}: __typename must name an entity of this subgraph"
                    f" ({', '.join(sorted(keys))}).",
                    argument="representations",
                )
            missing = keys[type_name] - representation.keys()
            if missing:
                raise BadUserInput(
                    f"{where}: {type_name} needs its key ({', '.join(sorted(missing))}).",
                    argument="representations",
                )
        return super().entities_resolver(info, representations)
