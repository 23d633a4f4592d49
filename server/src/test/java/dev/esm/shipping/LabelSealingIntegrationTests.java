package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Inflater;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.WebClient;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.OrderViews.Buyer;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.shipping.ShippingCommands.BuyCommand;
import dev.esm.shipping.ShippingCommands.DefaultsCommand;
import dev.esm.shipping.ShippingCommands.RatesCommand;
import dev.esm.shipping.ShippingViews.Shipment;
import dev.esm.shipping.ShippingViews.State;
import dev.esm.shipping.TestShipping.Shop;
import dev.esm.shipping.internal.LabelSealing;
import dev.esm.shipping.spi.LabelFormat;

/**
 * A label file prints the buyer's name and address, so it is sealed like the buyer: a database dump after buying
 * labels in every format holds no buyer value anywhere, label bytes included (every bytea and base64 value decoded,
 * every PDF stream inflated and its text extracted), while the operator still downloads readable labels.
 */
class LabelSealingIntegrationTests extends IntegrationTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @Autowired
    ApplicationContext context;
    @Autowired
    TestShipping shipping;
    @Autowired
    ShippingSettings settings;
    @Autowired
    RateOrder rateOrder;
    @Autowired
    BuyLabel buyLabel;
    @Autowired
    ShipmentQueries shipments;
    @Autowired
    OrderQueries orders;
    @Autowired
    LabelSealing sealing;

    @Test
    void aDatabaseDumpAfterBuyingLabelsInEveryFormatHoldsNoBuyerValue() throws Exception {
        Shop shop = shipping.shop("Dump Seller", 4);
        List<Buyer> buyers = new ArrayList<>();
        LabelFormat[] formats = {LabelFormat.PDF, LabelFormat.PNG, LabelFormat.ZPL};
        for (int i = 0; i < formats.length; i++) {
            UUID order = shop.orders().get(i);
            Shipment bought = buy(shop, order, formats[i]);
            buyers.add(shop.as(() -> orders.revealBuyer(order, "test")));
            // the operator's download is the provider's file, which prints the buyer (stored when bought, or on this
            // first download when fetching it after the purchase timed out)
            byte[] label = shop.as(() -> shipments.labelOfOrder(order)).content();
            assertThat(shop.as(() -> shipments.get(bought.id())).labelStored()).isTrue();
            Buyer buyer = buyers.get(i);
            switch (formats[i]) {
                case PDF -> assertThat(String.join("\n", readable(label)).toUpperCase(Locale.ROOT))
                        .contains(buyer.name().toUpperCase(Locale.ROOT));
                case PNG -> assertThat(label).startsWith(PNG_SIGNATURE);
                case ZPL -> assertThat(new String(label, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT))
                        .contains(buyer.name().toUpperCase(Locale.ROOT));
            }
        }
        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());
        var download = web.get("/api/v1/orders/" + shop.orders().get(2) + "/shipment/label");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body().toUpperCase(Locale.ROOT)).contains(buyers.get(2).name().toUpperCase(Locale.ROOT));

        String dump = DatabaseAccess.dump(context);
        assertThat(dump).contains("Dump Seller store");
        assertThat(leaks(dump, buyers)).isEmpty();
    }

    /** What of the buyers a dump shows: each finding names the kind of value and where it was, never the value. */
    static List<String> leaks(String dump, List<Buyer> buyers) {
        List<String> findings = new ArrayList<>();
        findings.addAll(buyerValues("the dump's text", dump, buyers));
        String png = new String(PNG_SIGNATURE, StandardCharsets.ISO_8859_1);
        for (byte[] value : binaryValues(dump)) {
            String raw = new String(value, StandardCharsets.ISO_8859_1);
            for (String[] kind : new String[][] {{png, "PNG"}, {"%PDF", "PDF"}, {"^XA", "ZPL"}}) {
                if (raw.startsWith(kind[0])) {
                    findings.add("a " + kind[1] + " file in clear (" + value.length + " bytes)");
                }
            }
            List<String> readable = readable(value);
            for (int i = 0; i < readable.size(); i++) {
                findings.addAll(buyerValues(i == 0 ? "a decoded value" : "an inflated or extracted text of a decoded value",
                        readable.get(i), buyers));
            }
        }
        return findings;
    }

    private static List<String> buyerValues(String where, String text, List<Buyer> buyers) {
        List<String> found = new ArrayList<>();
        String upper = text.toUpperCase(Locale.ROOT);
        for (int i = 0; i < buyers.size(); i++) {
            Buyer buyer = buyers.get(i);
            if (upper.contains(buyer.name().toUpperCase(Locale.ROOT))) {
                found.add("buyer " + i + " name in " + where);
            }
            if (upper.contains(buyer.address1().toUpperCase(Locale.ROOT))) {
                found.add("buyer " + i + " street in " + where);
            }
            if (buyer.phone() != null && upper.contains(buyer.phone())) {
                found.add("buyer " + i + " phone in " + where);
            }
            if (Pattern.compile(Pattern.quote(buyer.city()) + "\\W+" + Pattern.quote(buyer.state()) + "\\W+"
                    + Pattern.quote(buyer.postalCode()), Pattern.CASE_INSENSITIVE).matcher(text).find()) {
                found.add("buyer " + i + " city in " + where);
            }
        }
        return found;
    }

    @Test
    void aLabelStoredInClearBeforeVersion9IsSealedAtStartAndStaysDownloadable() throws Exception {
        Shop shop = shipping.shop("Old Label Seller", 2);
        UUID order = shop.orders().get(0);
        Shipment bought = buy(shop, order, LabelFormat.PDF);
        Buyer buyer = shop.as(() -> orders.revealBuyer(order, "test"));
        byte[] clear = shop.as(() -> shipments.labelOfOrder(order)).content();
        assertThat(new String(clear, StandardCharsets.ISO_8859_1)).startsWith("%PDF");

        // the row as a version 8 server wrote it: the file in clear (the check refuses that for any new write, so the
        // row is written as the old schema had it, with the check added again afterwards)
        try (Connection db = DatabaseAccess.superuser(context)) {
            try (PreparedStatement refused = db.prepareStatement(
                    "update esm.shipment set label = ?, label_sealed = false where id = ?")) {
                refused.setBytes(1, clear);
                refused.setObject(2, bought.id());
                assertThatThrownBy(refused::executeUpdate).isInstanceOf(SQLException.class)
                        .hasMessageContaining("shipment_label_sealed_check");
            }
            db.setAutoCommit(false);
            try (Statement sql = db.createStatement(); PreparedStatement old = db.prepareStatement(
                    "update esm.shipment set label = ?, label_sealed = false where id = ?")) {
                sql.execute("alter table esm.shipment drop constraint shipment_label_sealed_check");
                old.setBytes(1, clear);
                old.setObject(2, bought.id());
                assertThat(old.executeUpdate()).isEqualTo(1);
                sql.execute("alter table esm.shipment add constraint shipment_label_sealed_check "
                        + "check (label is null or label_sealed) not valid");
            }
            db.commit();
        }
        assertThat(storedLabel(bought.id())).isEqualTo(clear);
        // not sealed yet (a start that crashed midway): still served
        WebClient web = browser();
        web.signIn(shop.owner().email(), shop.owner().password());
        assertThat(web.get("/api/v1/orders/" + order + "/shipment/label").status()).isEqualTo(200);
        assertThat(shop.as(() -> shipments.labelOfOrder(order)).content()).isEqualTo(clear);

        // what every start does
        assertThat(sealing.sealClearLabels()).isEqualTo(1);
        assertThat(sealing.sealClearLabels()).isZero();

        byte[] stored = storedLabel(bought.id());
        assertThat(stored).isNotEqualTo(clear);
        assertThat(leaks("\\\\x" + HexFormat.of().formatHex(stored), List.of(buyer))).isEmpty();
        var download = web.get("/api/v1/orders/" + order + "/shipment/label");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.header("Content-Type")).startsWith("application/pdf");
        assertThat(shop.as(() -> shipments.labelOfOrder(order)).content()).isEqualTo(clear);
        assertThat(leaks("\\\\x" + HexFormat.of().formatHex(clear), List.of(buyer)))
                .as("the same check finds the buyer in the clear label").isNotEmpty();
    }

    private byte[] storedLabel(UUID shipmentId) throws SQLException {
        try (Connection db = DatabaseAccess.superuser(context);
             PreparedStatement read = db.prepareStatement("select label from esm.shipment where id = ?")) {
            read.setObject(1, shipmentId);
            try (ResultSet rows = read.executeQuery()) {
                assertThat(rows.next()).isTrue();
                return rows.getBytes(1);
            }
        }
    }

    private Shipment buy(Shop shop, UUID order, LabelFormat format) {
        return shop.as(() -> {
            settings.setDefaults(shop.store(), new DefaultsCommand(null, format), "test");
            Shipment rated = rateOrder.rate(order, new RatesCommand(shop.shipFrom(), shop.box()), "test");
            assertThat(rated.state()).isEqualTo(State.RATED);
            return buyLabel.buy(order, new BuyCommand(rated.rates().get(0).id()));
        });
    }

    /** Every bytea (hex) and long base64 value of the dump, decoded. */
    static List<byte[]> binaryValues(String dump) {
        List<byte[]> values = new ArrayList<>();
        Matcher hex = Pattern.compile("\\\\{1,2}x((?:[0-9a-fA-F]{2})+)").matcher(dump);
        while (hex.find()) {
            values.add(HexFormat.of().parseHex(hex.group(1)));
        }
        Matcher base64 = Pattern.compile("[A-Za-z0-9+/]{24,}={0,2}").matcher(dump);
        while (base64.find()) {
            String candidate = base64.group();
            try {
                values.add(Base64.getDecoder().decode(candidate.length() % 4 == 0 ? candidate
                        : candidate.substring(0, candidate.length() - candidate.length() % 4)));
            } catch (IllegalArgumentException notBase64) {
                // not a base64 value after all
            }
        }
        return values;
    }

    /**
     * What a clear label would show of a value: its bytes as text, every zlib (FlateDecode) stream in it inflated, and,
     * for a PDF, the text PDFBox extracts.
     */
    static List<String> readable(byte[] value) {
        List<String> texts = new ArrayList<>();
        String raw = new String(value, StandardCharsets.ISO_8859_1);
        texts.add(raw);
        Matcher stream = Pattern.compile("stream\r?\n").matcher(raw);
        while (stream.find()) {
            inflate(value, stream.end()).ifPresent(texts::add);
        }
        if (raw.startsWith("%PDF")) {
            try (PDDocument pdf = Loader.loadPDF(value)) {
                texts.add(new PDFTextStripper().getText(pdf));
            } catch (java.io.IOException e) {
                texts.add("");
            }
        }
        return texts;
    }

    private static java.util.Optional<String> inflate(byte[] value, int offset) {
        Inflater inflater = new Inflater();
        inflater.setInput(value, offset, value.length - offset);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buffer, 0, n);
            }
            return java.util.Optional.of(out.toString(StandardCharsets.ISO_8859_1));
        } catch (java.util.zip.DataFormatException e) {
            return java.util.Optional.empty();
        } finally {
            inflater.end();
        }
    }
}
