-- ListBenchmark's bulk load, run as the database owner in one transaction: :per_store orders for every store of
-- bench_store (id uuid, n integer: the store's number from 0, which names its orders B<n>-<i> and picks its part of the
-- SKU catalog), shaped like synced orders: ordered over the past year; open (unshipped, partially shipped, pending)
-- mostly in the last three days, a few older; ship-by one to seven days after the order, deliver-by two to seven days
-- after that; 1-3 lines (60/30/10 %) from the store's part of a 3,000-SKU catalog (popular SKUs more often), quantity
-- 1 (3 at most, one line in ten); a buyer sealed like the sync seals it (bytes of the same size, 160-239) with a
-- two-word blind index (two random 32-hex-digit terms). Deterministic for a given set of stores (setseed).
-- Statements are separated by lines holding only ';;'.
SELECT setseed(0.42)
;;
CREATE TEMP TABLE bench_draw ON COMMIT DROP AS
SELECT s.id AS store_id, s.n, g.i, random() AS age, random() AS draw, random() AS ship, random() AS deliver,
       random() AS lines
  FROM bench_store s CROSS JOIN generate_series(0, :per_store - 1) AS g(i)
;;
CREATE TEMP TABLE bench_order ON COMMIT DROP AS
SELECT md5('bench-order-' || d.n || '-' || d.i)::uuid AS id, d.store_id, d.n, d.i,
       date_trunc('second', now()) - make_interval(secs => floor(d.age * 365 * 86400)) AS ordered_at,
       floor(d.age * 365 * 86400) AS age_s, d.draw, d.ship, d.deliver,
       CASE WHEN d.lines < 0.6 THEN 1 WHEN d.lines < 0.9 THEN 2 ELSE 3 END AS line_count
  FROM bench_draw d
;;
CREATE TEMP TABLE bench_line ON COMMIT DROP AS
SELECT o.id AS order_id, o.store_id, l.l AS line_number,
       'SKU-' || lpad(((o.n * 29 + floor(300 * l.r * l.r)::int) % 3000)::text, 5, '0') AS sku,
       ((o.n * 29 + floor(300 * l.r * l.r)::int) % 3000) AS sku_no,
       CASE WHEN l.q < 0.1 THEN 1 + floor(l.q * 30)::int ELSE 1 END AS quantity
  FROM bench_order o
 CROSS JOIN LATERAL (SELECT x AS l, random() AS r, random() AS q FROM generate_series(1, o.line_count) AS x) l
;;
INSERT INTO esm.customer_order (id, store_id, marketplace_order_id, status, marketplace_status, ordered_at, ship_by,
                                deliver_by, marketplace_updated_at, currency, total, skus, content_hash)
SELECT o.id, o.store_id, 'B' || lpad(o.n::text, 4, '0') || '-' || lpad(o.i::text, 7, '0'), st.status,
       CASE st.status WHEN 'UNSHIPPED' THEN 'Created' WHEN 'PENDING' THEN 'Created'
                      WHEN 'PARTIALLY_SHIPPED' THEN 'Shipped' WHEN 'SHIPPED' THEN 'Shipped'
                      WHEN 'DELIVERED' THEN 'Delivered' ELSE 'Cancelled' END,
       o.ordered_at, o.ordered_at + make_interval(secs => 86400 + floor(o.ship * 6 * 86400)),
       o.ordered_at + make_interval(secs => 86400 + floor(o.ship * 6 * 86400) + 2 * 86400 + floor(o.deliver * 5 * 86400)),
       o.ordered_at + interval '1 hour', 'USD', t.total, t.skus, decode(md5(o.id::text) || md5(o.i::text), 'hex')
  FROM bench_order o
 CROSS JOIN LATERAL (SELECT CASE
            WHEN o.age_s < 3 * 86400 THEN CASE WHEN o.draw < 0.70 THEN 'UNSHIPPED' WHEN o.draw < 0.75 THEN 'PARTIALLY_SHIPPED'
                 WHEN o.draw < 0.80 THEN 'PENDING' WHEN o.draw < 0.83 THEN 'CANCELLED' ELSE 'SHIPPED' END
            WHEN o.age_s < 14 * 86400 THEN CASE WHEN o.draw < 0.05 THEN 'UNSHIPPED' WHEN o.draw < 0.06 THEN 'PARTIALLY_SHIPPED'
                 WHEN o.draw < 0.09 THEN 'CANCELLED' WHEN o.draw < 0.60 THEN 'SHIPPED' ELSE 'DELIVERED' END
            ELSE CASE WHEN o.draw < 0.05 THEN 'CANCELLED' WHEN o.draw < 0.08 THEN 'SHIPPED' ELSE 'DELIVERED' END
        END AS status) st
 JOIN (SELECT l.order_id, sum((499 + 100 * (l.sku_no % 90)) * l.quantity) / 100.0 AS total,
              array_agg(l.sku ORDER BY l.line_number) AS skus
         FROM bench_line l GROUP BY l.order_id) t ON t.order_id = o.id
;;
INSERT INTO esm.order_line (order_id, store_id, line_number, sku, title, quantity, unit_price, status)
SELECT l.order_id, l.store_id, l.line_number::text, l.sku, 'Product ' || l.sku || ' (bench)', l.quantity,
       (499 + 100 * (l.sku_no % 90)) / 100.0, o.status
  FROM bench_line l JOIN esm.customer_order o ON o.id = l.order_id
;;
INSERT INTO esm.order_buyer (order_id, store_id, sealed, name_index)
SELECT o.id, o.store_id,
       decode(repeat(md5(o.id::text || 'sealed'), 10), 'hex') || decode(substr(repeat(md5(o.i::text), 5), 1, 2 * floor(random() * 80)::int), 'hex'),
       ARRAY[md5(o.id::text || 'first'), md5(o.id::text || 'last')]
  FROM bench_order o
