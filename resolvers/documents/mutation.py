"""The documents' writes, served by the municipalities' subgraph (which owns the drafts they
mostly concern) and the merged graph: one module per mutation."""

from __future__ import annotations

import strawberry

from resolvers.documents import attachment_upload, draft_comment_create, draft_comment_edit


@strawberry.type
class DocumentsMutation:
    attachment_upload = attachment_upload.MUTATION
    draft_comment_create = draft_comment_create.MUTATION
    draft_comment_edit = draft_comment_edit.MUTATION
