-- The floor of `npm run bench`: the fastest SQL we could hand-write for what an investigation shows
-- (total, errors by model, by error type, by key alias, timeline by model), knowing this database:
-- SpendLogs rows carry the status column and the key alias in metadata. The errors are the failed
-- requests (DESIGN §2, issue 19): ErrorLogs holds failed attempts and is not read for them.
-- One pass over SpendLogs' range, one GROUP BY GROUPING SETS.
-- JIT compiles longer than the query runs at this size: off, as anyone tuning it by hand would.
-- psql -v from='…' -v to='…' -v bucket=N -f scripts/bench-floor.sql
SET jit = off;
WITH m AS MATERIALIZED (
  SELECT "startTime" AS t,
         COALESCE(NULLIF(model_group, ''), NULLIF(model, ''), '(unknown)') AS model,
         NULLIF(metadata->>'user_api_key_alias', '') AS key_alias,
         COALESCE(NULLIF(metadata->'error_information'->>'error_class', ''), 'Unknown') AS error_type
    FROM "LiteLLM_SpendLogs"
   WHERE "startTime" >= :'from'::timestamp AND "startTime" < :'to'::timestamp AND status = 'failure'
)
SELECT GROUPING(model, error_type, key_alias, b) AS g, model, error_type, key_alias, b, count(*) AS n
  FROM (SELECT *, floor(extract(epoch FROM t) / :bucket) AS b FROM m) x
 GROUP BY GROUPING SETS ((), (model), (error_type), (key_alias), (b, model));
