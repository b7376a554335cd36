-- The floor for `obligations_summary`: 1404's obligations by province and category, with what was
-- collected (the sum of transfers), what is outstanding, and the collection rate.
-- params: (none)
SELECT json_build_object('data', json_build_object('obligationsSummary', coalesce(json_agg(
    json_build_object(
        'province', json_build_object('nameEn', g.province),
        'category', json_build_object('code', g.code),
        'amountDue', g.due::text,
        'amountCollected', g.collected::text,
        'amountOutstanding', (g.due - g.collected)::text,
        'collectionRate', CASE WHEN g.due > 0 THEN round(g.collected / g.due, 6) END,
        'obligationCount', g.n
    ) ORDER BY g.province, g.code), '[]'::json)))::text
FROM (
    SELECT p.name_en AS province, c.code,
           sum(o.amount_due) AS due, sum(t.collected) AS collected, count(*) AS n
    FROM social_security_obligation o
    JOIN municipality m ON m.id = o.municipality_id
    JOIN province p ON p.id = m.province_id
    JOIN obligation_category c ON c.id = o.category_id
    CROSS JOIN LATERAL (
        SELECT coalesce(sum(tr.amount), 0) AS collected
        FROM obligation_transfer tr
        WHERE tr.obligation_id = o.id
    ) t
    WHERE o.year = 1404
    GROUP BY p.name_en, c.code
) g
