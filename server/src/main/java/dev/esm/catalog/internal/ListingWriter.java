package dev.esm.catalog.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.marketplace.MarketplaceListing;
import dev.esm.shared.Marketplace;

/**
 * Writes one page of a listing scan, inside the caller's transaction: each listing upserted by (store, SKU), its
 * {@code updated_at} moved only when a value changed and its {@code synced_at} always; stock lines set the quantity of
 * listings read earlier in the scan. What the marketplace sends is cut to the columns' limits first (no control
 * characters, three decimals, a few attributes and issues), so no marketplace answer can fail the page.
 */
@Component
class ListingWriter {

    static final int MAX_ATTRIBUTES = 8;
    static final int MAX_ISSUES = 20;
    private static final BigDecimal MAX_PRICE = new BigDecimal("99999999999.999");

    private final JdbcClient jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    ListingWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return how many listings of the page were new or changed */
    int write(UUID storeId, Marketplace marketplace, List<MarketplaceListing> listings,
              List<MarketplaceListing.Stock> stock) {
        int changed = 0;
        for (MarketplaceListing listing : listings) {
            String sku = clean(listing.sku(), 200);
            if (sku == null) {
                continue;
            }
            List<Map<String, String>> issues = issues(listing.issues());
            changed += jdbc.sql("""
                    insert into esm.listing as l (id, store_id, marketplace, sku, marketplace_item_id, title, image_url,
                                                  attributes, price, currency, quantity, status, fulfilment, issues,
                                                  issue_count)
                    values (:id, :store, :marketplace, :sku, :itemId, :title, :image, :attributes::jsonb, :price,
                            :currency, :quantity, :status, :fulfilment, :issues::jsonb, :issueCount)
                    on conflict (store_id, sku) do update
                       set marketplace_item_id = excluded.marketplace_item_id, title = excluded.title,
                           image_url = excluded.image_url, attributes = excluded.attributes, price = excluded.price,
                           currency = excluded.currency, quantity = coalesce(excluded.quantity, l.quantity),
                           status = excluded.status, fulfilment = excluded.fulfilment, issues = excluded.issues,
                           issue_count = excluded.issue_count, synced_at = now(),
                           updated_at = case when (l.marketplace_item_id, l.title, l.image_url, l.attributes, l.price,
                                                   l.currency, l.quantity, l.status, l.fulfilment, l.issues)
                                                  is distinct from
                                                  (excluded.marketplace_item_id, excluded.title, excluded.image_url,
                                                   excluded.attributes, excluded.price, excluded.currency,
                                                   coalesce(excluded.quantity, l.quantity), excluded.status,
                                                   excluded.fulfilment, excluded.issues)
                                             then now() else l.updated_at end
                    returning (xmax = 0 or l.updated_at = now())""")
                    .param("id", UUID.randomUUID())
                    .param("store", storeId)
                    .param("marketplace", marketplace.name())
                    .param("sku", sku)
                    .param("itemId", clean(listing.marketplaceItemId(), 200))
                    .param("title", clean(listing.title(), 1000))
                    .param("image", image(listing.imageUrl()))
                    .param("attributes", json.writeValueAsString(attributes(listing.attributes())))
                    .param("price", price(listing.price()))
                    .param("currency", currency(listing.currency(), listing.price()))
                    .param("quantity", listing.quantity() == null ? null : Math.max(0, listing.quantity()))
                    .param("status", listing.status().name())
                    .param("fulfilment", listing.fulfilment().name())
                    .param("issues", json.writeValueAsString(issues))
                    .param("issueCount", issues.size())
                    .query(Boolean.class).single() ? 1 : 0;
        }
        for (MarketplaceListing.Stock line : stock) {
            changed += jdbc.sql("""
                    update esm.listing set quantity = :quantity, synced_at = now(),
                           updated_at = case when quantity is distinct from :quantity then now() else updated_at end
                     where store_id = :store and sku = :sku and quantity is distinct from :quantity""")
                    .param("quantity", Math.max(0, line.quantity())).param("store", storeId)
                    .param("sku", clean(line.sku(), 200) == null ? "" : clean(line.sku(), 200)).update();
        }
        return changed;
    }

    /**
     * Deletes the store's listings that no page of its current scan described (they are gone at the marketplace): the
     * scan began at {@code listing_sync.scan_started_at}, and every page since set its listings' {@code synced_at}.
     */
    int removeUnseen(UUID storeId) {
        return jdbc.sql("""
                        delete from esm.listing
                         where store_id = :store
                           and synced_at < (select scan_started_at from esm.listing_sync where store_id = :store)""")
                .param("store", storeId).update();
    }

    private static Map<String, String> attributes(Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        given.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String key = clean(e.getKey(), 40);
            String value = clean(e.getValue(), 200);
            if (key != null && value != null && out.size() < MAX_ATTRIBUTES) {
                out.put(key, value);
            }
        });
        return out;
    }

    private static List<Map<String, String>> issues(List<MarketplaceListing.Issue> given) {
        List<Map<String, String>> out = new ArrayList<>();
        for (MarketplaceListing.Issue issue : given) {
            String message = clean(issue.message(), 1000);
            if (message == null || out.size() >= MAX_ISSUES) {
                continue;
            }
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("code", clean(issue.code(), 100));
            entry.put("message", message);
            String severity = clean(issue.severity(), 20);
            entry.put("severity", severity == null ? "ERROR" : severity.toUpperCase(java.util.Locale.ROOT));
            out.add(entry);
        }
        return out;
    }

    static BigDecimal price(BigDecimal price) {
        if (price == null || price.signum() < 0) {
            return null;
        }
        BigDecimal rounded = price.setScale(3, RoundingMode.HALF_UP);
        return rounded.compareTo(MAX_PRICE) > 0 ? null : rounded;
    }

    static String currency(String currency, BigDecimal price) {
        if (price(price) == null || currency == null) {
            return null;
        }
        String code = currency.strip().toUpperCase(java.util.Locale.ROOT);
        return code.matches("[A-Z]{3}") ? code : null;
    }

    /** Only absolute http(s) URLs of a sane length; anything else is no image. */
    static String image(String url) {
        if (url == null || url.length() > 2000) {
            return null; // a cut address would point elsewhere
        }
        String cleaned = clean(url, 2000);
        if (cleaned == null || cleaned.contains(" ")) {
            return null;
        }
        String lower = cleaned.toLowerCase(java.util.Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") ? cleaned : null;
    }

    /** Control characters dropped, trimmed, cut to {@code max} characters (not splitting a surrogate pair); blank → null. */
    static String clean(String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !validPair(text, i)) {
                continue;
            }
            if (Character.isHighSurrogate(c)) {
                if (out.length() + 2 > max) {
                    break;
                }
                out.append(c).append(text.charAt(++i));
                continue;
            }
            out.append(c);
        }
        String result = out.toString().strip();
        return result.isEmpty() ? null : result;
    }

    private static boolean validPair(String text, int i) {
        return Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1));
    }
}
