"""The `search` root: answered by the general executor (`query.search`) and, when every field
a search asks can be written so, by the compiled path (`compiled.compiled_search`): the same
statement either way."""

from __future__ import annotations

from schema.declare import computed, roots
from schema.search.compiled import compiled_search
from schema.search.query import search
from schema.search.types import SEARCH_REASON, SearchHitConnection


@roots
class SearchQuery:
    search: SearchHitConnection = computed(
        search,
        reason=SEARCH_REASON,
        compiled=compiled_search,
        description=(
            "Full-text search over draft directives, council resolutions, government bills, "
            "national circulars and meetings' minutes, best match first, with the matched words "
            "highlighted. Only what the caller may read is found and counted (a draft the caller "
            "may not see does not exist here either)."
        ),
    )
