# The differential test's view corpus (DifferentialTest): one view per line, `name: query` or
# `name [late]: query` for a view created after the tables hold data; `query ||| postgres query`
# where PostgreSQL spells it differently (time windows). Tables:
#   a(id INT PRIMARY KEY, k INT, v INT, s VARCHAR, n NUMERIC(8,2), b BOOLEAN, ts TIMESTAMP)
#   b(id INT PRIMARY KEY, k INT, w INT, s VARCHAR)
#   c(k INT, v INT) -- no primary key: duplicates
# Results are compared as sorted multisets of rows, so a query's answer must be deterministic
# (no ties at a LIMIT boundary, no order-dependent aggregate without ORDER BY).

# filters and projections
f_where: SELECT id, v FROM a WHERE v > 3
f_null: SELECT id, k FROM a WHERE k IS NULL OR s IS NULL
f_expr [late]: SELECT id, v * 2 + k AS x, n / 4 AS q, CASE WHEN v > 5 THEN 'big' WHEN v IS NULL THEN 'none' ELSE 'small' END AS size FROM a
f_coalesce: SELECT k, COALESCE(v, -1) AS v FROM c WHERE k <> 2
f_bool [late]: SELECT id FROM a WHERE b AND NOT (v BETWEEN 2 AND 6)
f_text: SELECT id, s || '!' AS t, length(s) AS len, upper(s) AS up FROM b WHERE s LIKE '%y%' OR s = ''
f_in_list: SELECT id, k FROM b WHERE k IN (1, 3) OR w IN (0, 7)
f_ts: SELECT id, ts + INTERVAL '1 hour' AS later FROM a WHERE ts < TIMESTAMP '2024-01-01 01:30:00'
f_dup [late]: SELECT k, v FROM c WHERE v >= 0

# aggregates
g_count: SELECT k, COUNT(*) AS n, COUNT(v) AS nv FROM a GROUP BY k
g_sum: SELECT k, SUM(v) AS s, AVG(v) AS m, SUM(n) AS sn, AVG(n) AS mn FROM a GROUP BY k
g_minmax [late]: SELECT k, MIN(v) AS lo, MAX(v) AS hi, MIN(s) AS first_s, MAX(ts) AS last_ts FROM a GROUP BY k
g_global: SELECT COUNT(*) AS n, SUM(v) AS s, MIN(v) AS lo, MAX(n) AS hi FROM a
g_global_empty: SELECT COUNT(*) AS n, SUM(v) AS s FROM a WHERE v > 1000
g_having: SELECT k, COUNT(*) AS n FROM c GROUP BY k HAVING COUNT(*) > 1
g_filter [late]: SELECT k, COUNT(*) FILTER (WHERE v > 5) AS big, SUM(v) FILTER (WHERE b) AS sb FROM a GROUP BY k
g_multi_key: SELECT k, s, COUNT(*) AS n, MAX(w) AS w FROM b GROUP BY k, s
g_expr_key: SELECT v % 3 AS r, COUNT(*) AS n FROM c GROUP BY v % 3
g_dup: SELECT k, v, COUNT(*) AS copies FROM c GROUP BY k, v
g_bool_key [late]: SELECT b, COUNT(*) AS n, SUM(n) AS total FROM a GROUP BY b
g_avg_expr: SELECT k, AVG(v * 1.5) AS m, SUM(CASE WHEN b THEN 1 ELSE 0 END) AS trues FROM a GROUP BY k

# distinct
d_distinct: SELECT DISTINCT k FROM c
d_distinct_pair [late]: SELECT DISTINCT k, s FROM b

# union all
u_all: SELECT k, v FROM a UNION ALL SELECT k, v FROM c
u_all_agg: SELECT k, COUNT(*) AS n FROM (SELECT k FROM a UNION ALL SELECT k FROM b UNION ALL SELECT k FROM c) t GROUP BY k

# views on views
vv_filter: SELECT k, n FROM g_count WHERE n > 1
vv_agg [late]: SELECT COUNT(*) AS ngroups, SUM(n) AS nrows FROM g_count
vv_union [late]: SELECT k, v FROM f_dup UNION ALL SELECT k, v FROM f_coalesce

# joins
j_inner: SELECT a.id, b.id AS bid, a.v, b.w FROM a JOIN b ON a.k = b.k
j_left [late]: SELECT a.id, b.id AS bid, b.w FROM a LEFT JOIN b ON a.k = b.k AND b.w > a.v
j_right: SELECT a.id, b.id AS bid, a.s FROM a RIGHT JOIN b ON a.id = b.id
j_full: SELECT a.id, b.id AS bid, a.k AS ak, b.k AS bk FROM a FULL JOIN b ON a.k = b.k AND a.s = b.s
j_using [late]: SELECT k, a.id, b.id AS bid FROM a JOIN b USING (k)
j_cross_where: SELECT a.id, b.id AS bid FROM a, b WHERE a.v = b.w AND a.id < b.id
j_null_safe: SELECT a.id, b.id AS bid FROM a JOIN b ON a.k IS NOT DISTINCT FROM b.k AND a.s IS NOT DISTINCT FROM b.s
j_three: SELECT a.id, b.id AS bid, c.v AS cv FROM a JOIN b ON a.k = b.k JOIN c ON c.k = b.k AND c.v = a.v
j_self [late]: SELECT x.id, y.id AS yid FROM a x JOIN a y ON x.k = y.k AND x.id < y.id
j_dup: SELECT c.k, c.v, b.id FROM c JOIN b ON c.k = b.k
j_agg: SELECT a.k, COUNT(*) AS n, SUM(b.w) AS total FROM a JOIN b ON a.k = b.k GROUP BY a.k
j_over_agg: SELECT g.k, g.n, b.id FROM (SELECT k, COUNT(*) AS n FROM c GROUP BY k) g LEFT JOIN b ON g.k = b.k
j_views [late]: SELECT g.k, g.n, d.k AS dk FROM g_count g FULL JOIN d_distinct d ON g.k = d.k
j_non_equi: SELECT a.id, b.id AS bid FROM a JOIN b ON a.k = b.k AND a.v < b.w AND a.s <> b.s

# subqueries
q_in: SELECT id, k FROM a WHERE k IN (SELECT k FROM b WHERE w > 5)
q_not_in [late]: SELECT id, v FROM a WHERE v NOT IN (SELECT v FROM c WHERE k = 1)
q_exists: SELECT id FROM b WHERE EXISTS (SELECT 1 FROM c WHERE c.k = b.k AND c.v > b.w)
q_not_exists: SELECT id, k FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.k = a.k)
q_scalar_max: SELECT id, v FROM a WHERE v > (SELECT MAX(w) FROM b) - 10
q_correlated [late]: SELECT id, v FROM a WHERE v > (SELECT AVG(v) FROM c WHERE c.k = a.k)
q_select_list: SELECT id, (SELECT COUNT(*) FROM c WHERE c.k = b.k) AS cn FROM b

# more aggregates
g_distinct: SELECT k, COUNT(DISTINCT v) AS dv, SUM(DISTINCT v) AS sdv FROM c GROUP BY k
g_distinct_global [late]: SELECT COUNT(DISTINCT s) AS ds, COUNT(DISTINCT k) FILTER (WHERE v > 0) AS dk FROM a
g_string_agg: SELECT k, string_agg(s, ',' ORDER BY id) AS ss FROM a GROUP BY k
g_bool: SELECT k, bool_and(b) AS all_b, bool_or(b) AS any_b FROM a GROUP BY k
g_stats: SELECT k, stddev_samp(v) AS sd, var_pop(v) AS vp, variance(n) AS vn FROM a GROUP BY k
g_rollup [late]: SELECT k, s, COUNT(*) AS n, SUM(w) AS total FROM b GROUP BY ROLLUP (k, s)
g_cube: SELECT k, b, COUNT(*) AS n FROM a GROUP BY CUBE (k, b)
g_sets: SELECT k, v, COUNT(*) AS n, GROUPING(k, v) AS g FROM c GROUP BY GROUPING SETS ((k), (v), ())

# set operations
s_union: SELECT k, v FROM a UNION SELECT k, v FROM c
s_intersect [late]: SELECT k, v FROM a INTERSECT SELECT k, v FROM c
s_intersect_all: SELECT k FROM b INTERSECT ALL SELECT k FROM c
s_except: SELECT k, v FROM c EXCEPT SELECT k, v FROM a
s_except_all: SELECT k FROM c EXCEPT ALL SELECT k FROM b

# top-N and windows
t_limit: SELECT id, v FROM a ORDER BY id DESC LIMIT 5
t_offset [late]: SELECT id, s FROM b ORDER BY id LIMIT 4 OFFSET 2
t_row_number: SELECT k, id, v FROM (SELECT k, id, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC, id) AS rn FROM a) t WHERE rn <= 2
t_rank: SELECT k, id, rk FROM (SELECT k, id, RANK() OVER (PARTITION BY k ORDER BY v) AS rk FROM a) t WHERE rk <= 2
t_dense_rank [late]: SELECT k, w, dr FROM (SELECT k, w, DENSE_RANK() OVER (PARTITION BY k ORDER BY w DESC) AS dr FROM b) t WHERE dr < 3
t_dedup: SELECT id, k, v FROM (SELECT id, k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY id DESC) AS rn FROM a) t WHERE rn = 1
t_distinct_on: SELECT DISTINCT ON (k) k, id, w FROM b ORDER BY k, w DESC, id
w_lag_lead: SELECT id, k, v, LAG(v) OVER (PARTITION BY k ORDER BY id) AS prev_v, LEAD(v, 1, -1) OVER (PARTITION BY k ORDER BY id) AS next_v FROM a
w_first_last [late]: SELECT id, FIRST_VALUE(v) OVER (PARTITION BY k ORDER BY id) AS fv, LAST_VALUE(v) OVER (PARTITION BY k ORDER BY id) AS lv FROM a
w_running: SELECT id, k, SUM(v) OVER (PARTITION BY k ORDER BY id) AS run_sum, COUNT(*) OVER (PARTITION BY k ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS last3 FROM a
w_sliding: SELECT id, MIN(w) OVER (PARTITION BY k ORDER BY id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS lo, MAX(w) OVER (PARTITION BY k) AS hi FROM b

# time windows
tw_tumble: SELECT window_start, window_end, COUNT(*) AS n, SUM(v) AS total FROM TABLE(TUMBLE(TABLE a, DESCRIPTOR(ts), INTERVAL '30' MINUTE)) GROUP BY window_start, window_end ||| SELECT date_bin('30 minutes', ts, TIMESTAMP '2000-01-01') AS window_start, date_bin('30 minutes', ts, TIMESTAMP '2000-01-01') + INTERVAL '30 minutes' AS window_end, COUNT(*) AS n, SUM(v) AS total FROM a GROUP BY 1, 2
tw_hop [late]: SELECT window_start, k, COUNT(*) AS n FROM TABLE(HOP(TABLE a, DESCRIPTOR(ts), INTERVAL '20' MINUTE, INTERVAL '1' HOUR)) GROUP BY window_start, k ||| SELECT date_bin('20 minutes', ts, TIMESTAMP '2000-01-01') - g * INTERVAL '20 minutes' AS window_start, k, COUNT(*) AS n FROM a CROSS JOIN generate_series(0, 2) AS g GROUP BY 1, 2
tw_short: SELECT window_start, MAX(v) AS hi FROM TUMBLE(a, ts, INTERVAL '1' HOUR) GROUP BY window_start ||| SELECT date_trunc('hour', ts) AS window_start, MAX(v) AS hi FROM a GROUP BY 1

# scalar functions
fn_strings: SELECT id, lower(s) AS lo, replace(s, 'x', 'Q') AS r, lpad(s, 4, '*') AS p, split_part(s || '-' || s, '-', 2) AS sp, position('y' IN s) AS pos FROM b
fn_math: SELECT id, abs(v) AS av, mod(v, 3) AS m, round(n, 1) AS r, ceil(n) AS c, floor(n) AS f, sign(v) AS sg, greatest(v, k) AS g, least(v, k) AS l, nullif(v, 0) AS nz FROM a
fn_time [late]: SELECT id, date_trunc('hour', ts) AS h, EXTRACT(MINUTE FROM ts) AS mi, ts - INTERVAL '90 minutes' AS earlier FROM a

# arrays and jsonb
g_array_agg: SELECT k, array_agg(v ORDER BY id) AS vs, cardinality(array_agg(s ORDER BY id)) AS ns FROM a GROUP BY k
fn_regexp [late]: SELECT id, regexp_match(s, '(x)(y)?') AS m, ARRAY[k, w] AS kw FROM b
fn_jsonb: SELECT id, (('{"k": ' || k || ', "s": "' || s || '"}')::jsonb) ->> 's' AS js, jsonb_typeof(('{"k": ' || k || '}')::jsonb -> 'k') AS jt FROM a
