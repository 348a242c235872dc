-- A ranking published before ranking_publications existed gets its publication from the
-- ranking row, so it shows in the history and is withdrawn the same way (request + approval).
INSERT INTO ranking_publications (period_key, unit_type, published_by, published_at)
SELECT f.period_key, f.unit_type, f.changed_by, f.changed_at
FROM frozen_rankings f
WHERE f.status = 'published'
  AND NOT EXISTS (SELECT 1
                  FROM ranking_publications p
                  WHERE p.period_key = f.period_key
                    AND p.unit_type = f.unit_type
                    AND p.withdrawn_at IS NULL);
