package dev.esm.shipping;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.esm.orders.OrderException;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.OrderViews.Buyer;
import dev.esm.orders.OrderViews.Line;
import dev.esm.orders.OrderViews.OrderDetails;
import dev.esm.orders.OrderViews.OrderSummary;
import dev.esm.shipping.ShippingViews.Document;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.springframework.stereotype.Service;

/**
 * Packing slips: one page per order, 4×6 (for the label printer) or US Letter, with the order number, store, order
 * date, the ship-to address and each line's SKU, title and quantity (lines beyond what fits are summed up in a last
 * row). The ship-to is decrypted for the PDF only, as for a label (the audit trail records the use); nothing of it is
 * stored or logged.
 */
@Service
public class PackingSlips {

    /** The slip's page: 4×6 inches (288 × 432 points) or US Letter. */
    public enum Size {
        FOUR_BY_SIX(new PDRectangle(288, 432), 18, 0.62f), LETTER(PDRectangle.LETTER, 50, 1f);

        final PDRectangle page;
        final float margin;
        final float scale;

        Size(PDRectangle page, float margin, float scale) {
            this.page = page;
            this.margin = margin;
            this.scale = scale;
        }

        /** {@code letter}, or {@code 4x6} / nothing (the label printer's size); anything else is refused. */
        public static Size of(String raw) {
            if (raw == null || raw.isBlank() || raw.strip().equalsIgnoreCase("4x6")) {
                return FOUR_BY_SIX;
            }
            if (raw.strip().equalsIgnoreCase("letter")) {
                return LETTER;
            }
            throw ShippingException.invalid("invalid-size", "The packing slip's size is 4x6 or letter.");
        }
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final OrderQueries orders;

    PackingSlips(OrderQueries orders) {
        this.orders = orders;
    }

    /** Data for one slip: the order, its lines and its ship-to (null when the buyer was anonymized). */
    record Slip(OrderSummary order, List<Line> lines, Buyer shipTo) {
    }

    public Document slip(UUID orderId, Size size, String source) {
        Slip slip = load(orderId, source);
        return new Document("packing-slip-" + slip.order().marketplaceOrderId().replaceAll("[^A-Za-z0-9-]", "_")
                + ".pdf", "application/pdf", render(List.of(slip), size));
    }

    /** One PDF with a slip per order, in the given order (a batch's). */
    public Document slips(List<UUID> orderIds, Size size, String name, String source) {
        List<Slip> slips = new ArrayList<>(orderIds.size());
        for (UUID id : orderIds) {
            slips.add(load(id, source));
        }
        return new Document(name, "application/pdf", render(slips, size));
    }

    private Slip load(UUID orderId, String source) {
        OrderDetails order;
        try {
            order = orders.get(orderId);
        } catch (OrderException e) {
            throw ShippingException.notFound("order");
        }
        Buyer buyer;
        try {
            buyer = orders.buyerForLabel(orderId, source);
        } catch (OrderException e) {
            buyer = null;
        }
        return new Slip(order.summary(), order.lines(), buyer);
    }

    static byte[] render(List<Slip> slips, Size size) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (Slip slip : slips) {
                page(doc, slip, size);
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void page(PDDocument doc, Slip slip, Size size) throws IOException {
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        PDType1Font plain = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        OrderSummary o = slip.order();
        List<Line> lines = slip.lines();
        float k = size.scale;
        float left = size.margin;
        float right = size.page.getWidth() - size.margin;
        float width = right - left;
        PDPage page = new PDPage(size.page);
        doc.addPage(page);
        try (PDPageContentStream c = new PDPageContentStream(doc, page)) {
            float y = size.page.getHeight() - size.margin - 20 * k;
            text(c, bold, 20 * k, left, y, "Packing slip");
            y -= 26 * k;
            text(c, plain, 11 * k, left, y, "Order " + o.marketplaceOrderId() + "  (" + o.marketplace().displayName() + ")");
            y -= 15 * k;
            text(c, plain, 11 * k, left, y, fit(o.storeName(), 40) + "   Ordered " + DAY.format(o.orderedAt()));
            y -= 24 * k;
            text(c, bold, 11 * k, left, y, "Ship to");
            y -= 15 * k;
            for (String line : shipTo(slip.shipTo())) {
                text(c, plain, 11 * k, left, y, fit(line, 60));
                y -= 14 * k;
            }
            y -= 12 * k;
            float qtyX = right - 24 * k;
            float itemX = left + width * 0.3f;
            text(c, bold, 11 * k, left, y, "SKU");
            text(c, bold, 11 * k, itemX, y, "Item");
            text(c, bold, 11 * k, qtyX, y, "Qty");
            y -= 6 * k;
            c.moveTo(left, y);
            c.lineTo(right, y);
            c.stroke();
            y -= 16 * k;
            int room = Math.max(1, (int) ((y - size.margin - 30 * k) / (18 * k)));
            int shown = Math.min(lines.size(), lines.size() > room ? room - 1 : room);
            int titleChars = size == Size.LETTER ? 60 : 36;
            for (Line line : lines.subList(0, shown)) {
                // the picker needs the whole SKU: a long one is set smaller to fit its column, cut only beyond that
                skuText(c, plain, 10 * k, left, y, fit(line.sku(), 60), itemX - left - 4 * k);
                text(c, plain, 10 * k, itemX, y, fit(line.title(), titleChars));
                text(c, plain, 10 * k, qtyX, y, String.valueOf(line.quantity()));
                y -= 18 * k;
            }
            if (shown < lines.size()) {
                int rest = lines.subList(shown, lines.size()).stream().mapToInt(Line::quantity).sum();
                text(c, plain, 10 * k, left, y, "... and " + (lines.size() - shown) + " more lines (" + rest + " items)");
                y -= 18 * k;
            }
            int total = lines.stream().mapToInt(Line::quantity).sum();
            text(c, bold, 11 * k, left, Math.max(y - 10 * k, size.margin), "Items: " + total);
        }
    }

    private static List<String> shipTo(Buyer b) {
        if (b == null) {
            return List.of("(no address: the buyer's details were removed)");
        }
        List<String> lines = new ArrayList<>();
        lines.add(b.name() == null ? "" : b.name());
        lines.add(b.address1() == null ? "" : b.address1());
        if (b.address2() != null && !b.address2().isBlank()) {
            lines.add(b.address2());
        }
        lines.add((b.city() == null ? "" : b.city() + ", ") + (b.state() == null ? "" : b.state() + " ")
                + (b.postalCode() == null ? "" : b.postalCode()));
        if (b.country() != null && !b.country().isBlank() && !"US".equalsIgnoreCase(b.country())) {
            lines.add(b.country());
        }
        return lines;
    }

    private static void text(PDPageContentStream c, PDType1Font font, float size, float x, float y, String s)
            throws IOException {
        c.beginText();
        c.setFont(font, size);
        c.newLineAtOffset(x, y);
        c.showText(printable(s));
        c.endText();
    }

    /** The SKU at {@code size}, or smaller (down to 6 pt) when it is wider than {@code room} points. */
    private static void skuText(PDPageContentStream c, PDType1Font font, float size, float x, float y, String sku,
                                float room) throws IOException {
        String shown = printable(sku);
        float width = font.getStringWidth(shown) / 1000 * size;
        float fitted = width <= room ? size : Math.max(6f, size * room / width);
        text(c, font, fitted, x, y, sku);
    }

    private static String fit(String s, int max) {
        if (s == null) {
            return "";
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "...";
    }

    /** Standard-14 fonts encode WinAnsi only: anything else becomes '?'. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            b.append(ch >= 32 && ch < 127 || ch >= 160 && ch <= 255 ? ch : '?');
        }
        return b.toString();
    }
}
