package dev.esm.shipping;

import java.util.UUID;

import dev.esm.platform.quota.QuotaBuckets;
import dev.esm.orders.OrderException;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.OrderViews.Buyer;
import dev.esm.orders.OrderViews.OrderSummary;
import dev.esm.platform.AuditTrail;
import dev.esm.shipping.ShippingCommands.ParcelEntry;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.platform.web.ProblemException.Kind;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.ShippingViews.State;
import dev.esm.shipping.internal.ShipmentJournal;
import dev.esm.shipping.spi.LabelFormat;
import dev.esm.shipping.spi.Parcel;
import dev.esm.shipping.spi.PostalAddress;
import dev.esm.shipping.spi.ProviderKey;
import dev.esm.shipping.spi.ProviderShipment;
import dev.esm.shipping.spi.ShipmentRequest;
import dev.esm.shipping.spi.ShippingProvider;
import dev.esm.shipping.spi.ShippingProviderException;
import dev.esm.shipping.internal.PacedProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rates an order's package: creates the provider shipment (from a verified ship-from address to the order's buyer,
 * with a package preset) under the package's stable reference, and journals it as RATED. Rating again before a buy
 * replaces the rates; once a label is bought or being bought, the package is not rated again until it is voided.
 */
@Service
public class RateOrder {

    public static final int PACKAGE = 1;

    private final ShippableOrders orders;
    private final OrderQueries orderQueries;
    private final ShipmentJournal journal;
    private final ShippingProvider provider;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditTrail audit;
    private final PackageMemory packages;

    /** One order's rates: the provider calls are paced by the key's shared bucket like a batch's. */
    @org.springframework.beans.factory.annotation.Autowired
    RateOrder(ShippableOrders orders, OrderQueries orderQueries, ShipmentJournal journal, ShippingProvider provider,
              QuotaBuckets quotas, LabelBatchProperties batches, JdbcClient jdbc,
              TransactionTemplate transactions, AuditTrail audit) {
        this(orders, orderQueries, journal, PacedProvider.single(provider, quotas, batches), jdbc, transactions, audit);
    }

    /** With a provider already paced (a batch item's). */
    public RateOrder(ShippableOrders orders, OrderQueries orderQueries, ShipmentJournal journal, ShippingProvider provider,
                     JdbcClient jdbc, TransactionTemplate transactions, AuditTrail audit) {
        this.audit = audit;
        this.orders = orders;
        this.orderQueries = orderQueries;
        this.journal = journal;
        this.provider = provider;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.packages = new PackageMemory(jdbc);
    }

    private record Plan(UUID storeId, ProviderKey key, ShipmentRequest request, UUID shipFromId, UUID liveId,
                        String reshipReason, int attempt, UUID packageId, String contents) {
    }

    public Shipment rate(UUID orderId, RatesCommand command, String source) {
        Plan plan = transactions.execute(tx -> plan(orderId, command, source));
        ProviderShipment shipment;
        try {
            shipment = provider.createShipment(plan.key(), plan.request());
        } catch (ShippingProviderException e) {
            throw ShippingFailures.of(e);
        }
        if (shipment.rates().isEmpty()) {
            throw new ShippingException(Kind.REFUSED, "no-rates", "The provider has no rates for this "
                    + "package" + (shipment.messages().isEmpty() ? "." : ": " + String.join("; ", shipment.messages())));
        }
        return transactions.execute(tx -> {
            Shipment saved = save(orderId, plan, shipment);
            packages.remember(plan.storeId(), plan.contents(), plan.packageId(), plan.request().parcel());
            if (plan.reshipReason() != null) {
                // the reason stays on the shipment row; the trail says who chose to ship again (no buyer data)
                audit.record("shipping.reship-rated", "shipment:" + saved.id(), source);
            }
            return saved;
        });
    }

    private Plan plan(UUID orderId, RatesCommand command, String source) {
        OrderSummary order = orders.order(orderId);
        // guardrails (ADR 0019): before anything is sent to the provider
        ShippingGuardrails.check(order, command.reship());
        boolean reship = command.reship() && ShippingGuardrails.refusal(order, false).isPresent();
        UUID storeId = order.storeId();
        var live = journal.live(storeId, orderId, PACKAGE);
        if (live.isPresent() && live.get().state() != State.RATED) {
            throw new ShippingException(Kind.CONFLICT, "label-exists", live.get().state() == State.PURCHASED
                    ? "This package already has a label; void it before buying another."
                    : "A label purchase for this package is being confirmed; try again in a moment.");
        }
        ProviderKey key = orders.key(storeId);
        UUID owner = orders.owner(storeId);
        PostalAddress from = jdbc.sql("""
                        select name, company, street1, street2, city, state, zip, country, phone from ship_from_address
                         where id = ? and operator_id = ?""").params(command.shipFromId(), owner)
                .query((rs, n) -> new PostalAddress(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                        rs.getString(9))).optional().orElseThrow(() -> ShippingException.notFound("ship-from-address"));
        Parcel parcel = parcel(owner, command);
        LabelFormat format = jdbc.sql("select label_format from shipping_settings where store_id = ?").param(storeId)
                .query(String.class).optional().map(LabelFormat::valueOf).orElse(LabelFormat.PDF);
        int attempt = live.map(row -> row.view().attempt())
                .orElseGet(() -> journal.nextAttempt(storeId, orderId, PACKAGE));
        Buyer buyer;
        try {
            buyer = orderQueries.buyerForLabel(orderId, source);
        } catch (OrderException e) {
            throw new ShippingException(Kind.CONFLICT, e.code(), e.getMessage());
        }
        PostalAddress to = new PostalAddress(buyer.name(), null, buyer.address1(), buyer.address2(), buyer.city(),
                buyer.state(), buyer.postalCode(), buyer.country(), buyer.phone());
        String reference = reference(order.marketplaceOrderId(), PACKAGE, attempt);
        return new Plan(storeId, key, new ShipmentRequest(reference, from, to, parcel, format), command.shipFromId(),
                live.map(ShipmentJournal.Row::id).orElse(null), reship ? command.reshipReason() : null, attempt,
                command.packageId(), contents(orderId));
    }

    private Shipment save(UUID orderId, Plan plan, ProviderShipment shipment) {
        ShipmentRequest r = plan.request();
        UUID id = plan.liveId();
        boolean saved = id == null
                ? journal.insertRated(id = UUID.randomUUID(), plan.storeId(), orderId, PACKAGE, plan.attempt(), r.reference(),
                        plan.shipFromId(), r.parcel(), r.labelFormat(), shipment, plan.reshipReason())
                : journal.rerate(id, plan.shipFromId(), r.parcel(), r.labelFormat(), shipment, plan.reshipReason());
        if (!saved) {
            throw new ShippingException(Kind.CONFLICT, "shipment-changed",
                    "This package's shipment changed meanwhile (rated or bought elsewhere); reload and try again.");
        }
        return journal.get(id).orElseThrow().view();
    }

    /** The preset's parcel, with what was entered for this shipment in its place where given. */
    private Parcel parcel(UUID owner, RatesCommand command) {
        Parcel preset = command.packageId() == null ? null : jdbc.sql("select weight_oz, length_in, width_in, "
                        + "height_in from package_preset where id = ? and operator_id = ?").params(command.packageId(), owner)
                .query((rs, n) -> new Parcel(rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3),
                        rs.getBigDecimal(4))).optional().orElseThrow(() -> ShippingException.notFound("package"));
        ParcelEntry entry = command.parcel();
        if (entry == null) {
            return preset;
        }
        boolean dimensions = entry.lengthIn() != null;
        return new Parcel(entry.weightOz() != null ? entry.weightOz() : preset.weightOz(),
                dimensions ? entry.lengthIn() : preset == null ? null : preset.lengthIn(),
                dimensions ? entry.widthIn() : preset == null ? null : preset.widthIn(),
                dimensions ? entry.heightIn() : preset == null ? null : preset.heightIn());
    }

    private String contents(UUID orderId) {
        try {
            return PackageMemory.contents(orderQueries.get(orderId).lines());
        } catch (OrderException e) {
            throw ShippingException.notFound("order");
        }
    }

    /**
     * What the provider knows the shipment by, and prints on the label: the marketplace's order number, with the
     * package and attempt after it when not the first ({@code 1234567 #2}, {@code 1234567 p2}). Unique per store
     * as long as order numbers are unique per store.
     */
    static String reference(String orderNumber, int packageNo, int attempt) {
        String reference = packageNo == 1 ? orderNumber : orderNumber + " p" + packageNo;
        return attempt == 1 ? reference : reference + " #" + attempt;
    }
}
