-- The floor for `search`: the 20 best submitted drafts for the folded words, and the count, in one
-- statement over the GIN-indexed tsvector (no snippets: those are cut in Python by civic-graph).
-- params: (none)
WITH q AS (SELECT to_tsquery('simple', '''پسماند'':* & ''تفکیک'':*') AS terms),
found AS (
    SELECT d.id, d.title, s.id AS document_id,
           ts_rank('{0.1, 0.2, 0.1, 1.0}'::real[], s.tsv, q.terms) AS rank
    FROM search_document s
    CROSS JOIN q
    JOIN draft_directive d ON d.id = s.record_id
    WHERE s.kind = 'DRAFT_DIRECTIVE' AND s.tsv @@ q.terms AND d.submitted_at IS NOT NULL
)
SELECT json_build_object('data', json_build_object('search', json_build_object(
    'totalCount', (SELECT count(*) FROM found),
    'nodes', coalesce((
        SELECT json_agg(json_build_object('id', b.id::text, 'title', b.title)
                        ORDER BY b.rank DESC, b.document_id)
        FROM (SELECT * FROM found ORDER BY rank DESC, document_id LIMIT 20) b
    ), '[]'::json))))::text
