-- The floor for `nested`: one statement builds the whole response, {"data": …}, in PostgreSQL.
-- params: (none)
SELECT json_build_object('data', json_build_object('municipalities', json_build_object(
    'nodes', coalesce(json_agg(m.node ORDER BY m.name_en, m.id), '[]'::json))))::text
FROM (
    SELECT mu.id, mu.name_en, json_build_object(
        'id', mu.id::text,
        'nameEn', mu.name_en,
        'province', json_build_object('nameEn', p.name_en),
        'mayor', ma.node,
        'draftDirectives', json_build_object('nodes', d.nodes),
        'socialSecurityObligations', json_build_object('nodes', o.nodes)
    ) AS node
    FROM (SELECT * FROM municipality ORDER BY name_en, id LIMIT 100) mu
    JOIN province p ON p.id = mu.province_id
    LEFT JOIN LATERAL (
        SELECT json_build_object('fullName', x.full_name) AS node
        FROM mayor x
        WHERE x.municipality_id = mu.id AND x.term_end IS NULL
    ) ma ON true
    CROSS JOIN LATERAL (
        SELECT coalesce(json_agg(json_build_object(
                   'id', x.id::text, 'title', x.title, 'status', x.status, 'createdAt', x.created_at
               ) ORDER BY x.created_at DESC, x.id DESC), '[]'::json) AS nodes
        FROM (
            SELECT id, title, status, created_at
            FROM draft_directive
            WHERE municipality_id = mu.id AND submitted_at IS NOT NULL  -- sent drafts only
            ORDER BY created_at DESC, id DESC
            LIMIT 20
        ) x
    ) d
    CROSS JOIN LATERAL (
        SELECT coalesce(json_agg(json_build_object(
                   'year', x.year, 'amountDue', x.amount_due::text,
                   'category', json_build_object('code', c.code)
               ) ORDER BY x.year DESC, x.id DESC), '[]'::json) AS nodes
        FROM (
            SELECT id, year, amount_due, category_id
            FROM social_security_obligation
            WHERE municipality_id = mu.id AND year = 1404
            ORDER BY year DESC, id DESC
            LIMIT 4
        ) x
        JOIN obligation_category c ON c.id = x.category_id
    ) o
) m
