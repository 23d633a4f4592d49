package dev.esm.shipping;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.esm.orders.OrderViews.Line;
import dev.esm.shipping.spi.Parcel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The package last used for the same contents (SKUs and quantities) in a store: written when an order is rated, read
 * by the label panel to propose that package, its weight and dimensions the next time the same contents ship.
 */
@Component
public class PackageMemory {

    /** Longer contents (very large orders) are not remembered. */
    static final int MAX_CONTENTS = 500;

    private final JdbcClient jdbc;

    PackageMemory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The remembered package: the preset it came from (null when entered by hand or since removed) and the parcel. */
    public record Remembered(UUID packageId, Parcel parcel) {
        public BigDecimal pounds() {
            return parcel.weightOz().divideToIntegralValue(BigDecimal.valueOf(16));
        }

        public BigDecimal ounces() {
            BigDecimal ounces = parcel.weightOz().remainder(BigDecimal.valueOf(16)).stripTrailingZeros();
            return ounces.scale() < 0 ? ounces.setScale(0) : ounces;
        }
    }

    /** {@code "LID-3 x1 + MUG-1 x2"}: the order's SKUs (sorted) with their quantities; null for none or too long. */
    public static String contents(List<Line> lines) {
        Map<String, Integer> quantities = new TreeMap<>();
        for (Line line : lines) {
            if (line.sku() != null && !line.sku().isBlank()) {
                quantities.merge(line.sku().strip(), line.quantity(), Integer::sum);
            }
        }
        String contents = quantities.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                .collect(Collectors.joining(" + "));
        return contents.isEmpty() || contents.length() > MAX_CONTENTS ? null : contents;
    }

    public Optional<Remembered> find(UUID storeId, String contents) {
        if (contents == null) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select m.package_id, m.weight_oz, m.length_in, m.width_in, m.height_in from sku_package m
                         where m.store_id = ? and m.contents = ?""").params(storeId, contents)
                .query((rs, n) -> new Remembered(rs.getObject(1, UUID.class), new Parcel(rs.getBigDecimal(2),
                        rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5)))).optional();
    }

    void remember(UUID storeId, String contents, UUID packageId, Parcel parcel) {
        if (contents == null) {
            return;
        }
        jdbc.sql("""
                        insert into sku_package (store_id, contents, package_id, weight_oz, length_in, width_in, height_in)
                        values (?, ?, ?, ?, ?, ?, ?)
                        on conflict (store_id, contents) do update set package_id = excluded.package_id,
                            weight_oz = excluded.weight_oz, length_in = excluded.length_in, width_in = excluded.width_in,
                            height_in = excluded.height_in, updated_at = now()""")
                .params(storeId, contents, packageId, parcel.weightOz(), parcel.lengthIn(), parcel.widthIn(),
                        parcel.heightIn()).update();
    }
}
