package dev.esm.platform.quota;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The ids one caller's calls are metered by, one per {@link Meter}: a bucket's key is the id of its limit's meter and
 * the operation. Ids other than the store's are SHA-256 hashes (domain-separated), so {@code esm.rate_bucket} holds
 * no seller account id or API key. A meter nobody can name falls back to the store (a bucket of its own), or fails
 * when there is no store either. A store's meters are asked of the sources at once, in the caller's tenant context
 * (the permits may then be used on other threads); immutable.
 */
public final class QuotaMeters {

    private final UUID storeId;
    private final List<QuotaMeterSource> sources;
    private final Map<Meter, Optional<String>> ids = new EnumMap<>(Meter.class);

    private QuotaMeters(UUID storeId, List<QuotaMeterSource> sources) {
        this.storeId = storeId;
        this.sources = List.copyOf(sources);
    }

    /** A store's meters, asked of the sources now. */
    static QuotaMeters of(UUID storeId, List<QuotaMeterSource> sources) {
        QuotaMeters meters = new QuotaMeters(storeId, sources);
        for (Meter meter : Meter.values()) {
            if (meter != Meter.STORE) {
                meters.ids.put(meter, meters.resolve(meter));
            }
        }
        return meters;
    }

    /** Just one meter with the given id (e.g. an API key the caller holds); no store to fall back to. */
    public static QuotaMeters only(Meter meter, String rawId) {
        QuotaMeters meters = new QuotaMeters(null, List.of());
        meters.ids.put(meter, Optional.of(hash(meter, rawId)));
        return meters;
    }

    /** The same meters plus one more, known by the caller. */
    public QuotaMeters with(Meter meter, String rawId) {
        QuotaMeters more = new QuotaMeters(storeId, sources);
        more.ids.putAll(ids);
        more.ids.put(meter, Optional.of(hash(meter, rawId)));
        return more;
    }

    /** The bucket key of {@code limit}: {@code <store id>/<operation>} or {@code <meter>:<hash>/<operation>}. */
    String key(CallLimit limit) {
        Meter meter = limit.meteredBy();
        if (meter != Meter.STORE) {
            Optional<String> id = ids.getOrDefault(meter, Optional.empty());
            if (id.isPresent()) {
                return meter.name().toLowerCase().replace('_', '-') + ":" + id.get() + "/" + limit.operation();
            }
        }
        if (storeId == null) {
            throw new IllegalStateException("No id for the meter " + meter + " of " + limit.operation());
        }
        return storeId + "/" + limit.operation();
    }

    /**
     * The key prefixes of the buckets these meters name, except the application's (shared by every store): the
     * store's own ({@code <store id>/}) and those of its seller account and API key ({@code <meter>:<hash>/}).
     */
    public java.util.List<String> ownKeyPrefixes() {
        java.util.List<String> prefixes = new java.util.ArrayList<>();
        if (storeId != null) {
            prefixes.add(storeId + "/");
        }
        ids.forEach((meter, id) -> {
            if (meter != Meter.APPLICATION && meter != Meter.STORE && id.isPresent()) {
                prefixes.add(meter.name().toLowerCase().replace('_', '-') + ":" + id.get() + "/");
            }
        });
        return prefixes;
    }

    private Optional<String> resolve(Meter meter) {
        if (storeId == null) {
            return Optional.empty();
        }
        for (QuotaMeterSource source : sources) {
            Optional<String> raw;
            try {
                raw = source.id(storeId, meter);
            } catch (RuntimeException e) {
                raw = Optional.empty(); // not visible from here, or not connected: the store's own bucket
            }
            if (raw.isPresent()) {
                return Optional.of(hash(meter, raw.get()));
            }
        }
        return Optional.empty();
    }

    private static String hash(Meter meter, String rawId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("esm-quota-meter\n" + meter + "\n" + rawId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
