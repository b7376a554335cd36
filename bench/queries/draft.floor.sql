-- The floor for `draft`: the draft, its municipality and its history in one statement.
-- params: id
SELECT json_build_object('data', json_build_object('draftDirective', (
    SELECT json_build_object(
        'id', d.id::text,
        'title', d.title,
        'status', d.status,
        'body', d.body,
        'municipality', json_build_object('nameEn', m.name_en),
        'events', e.nodes
    )
    FROM draft_directive d
    JOIN municipality m ON m.id = d.municipality_id
    CROSS JOIN LATERAL (
        SELECT coalesce(json_agg(json_build_object(
                   'fromStatus', x.from_status, 'toStatus', x.to_status,
                   'occurredAt', x.occurred_at, 'actor', x.actor, 'reason', x.reason
               ) ORDER BY x.occurred_at, x.id), '[]'::json) AS nodes
        FROM draft_directive_event x
        WHERE x.draft_directive_id = d.id
    ) e
    WHERE d.id = $1 AND d.submitted_at IS NOT NULL  -- the analyst sees sent drafts only
)))::text
