package dev.esm.shipping;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;

import dev.esm.orders.OrderException;
import dev.esm.orders.OrderQueries;
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
 * An order's packing slip: one US Letter page with the order id, store, order date and each line's SKU, title and
 * quantity (lines beyond what fits are summed up in a last row). No buyer data: the label carries the address.
 */
@Service
public class PackingSlips {

    static final int MAX_ROWS = 32;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private final OrderQueries orders;

    PackingSlips(OrderQueries orders) {
        this.orders = orders;
    }

    public Document slip(UUID orderId) {
        OrderDetails order;
        try {
            order = orders.get(orderId);
        } catch (OrderException e) {
            throw ShippingException.notFound("order");
        }
        OrderSummary o = order.summary();
        return new Document("packing-slip-" + o.marketplaceOrderId().replaceAll("[^A-Za-z0-9-]", "_") + ".pdf",
                "application/pdf", render(o, order.lines()));
    }

    static byte[] render(OrderSummary o, List<Line> lines) {
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        PDType1Font plain = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.LETTER);
            doc.addPage(page);
            try (PDPageContentStream c = new PDPageContentStream(doc, page)) {
                float y = 740;
                text(c, bold, 20, 50, y, "Packing slip");
                y -= 30;
                text(c, plain, 11, 50, y, "Order " + o.marketplaceOrderId() + "  (" + o.marketplace().displayName() + ")");
                y -= 16;
                text(c, plain, 11, 50, y, "Store: " + o.storeName() + "   Ordered: " + DAY.format(o.orderedAt()));
                y -= 30;
                text(c, bold, 11, 50, y, "SKU");
                text(c, bold, 11, 200, y, "Item");
                text(c, bold, 11, 520, y, "Qty");
                y -= 6;
                c.moveTo(50, y);
                c.lineTo(562, y);
                c.stroke();
                y -= 16;
                int shown = Math.min(lines.size(), lines.size() > MAX_ROWS ? MAX_ROWS - 1 : MAX_ROWS);
                for (Line line : lines.subList(0, shown)) {
                    text(c, plain, 10, 50, y, fit(line.sku(), 26));
                    text(c, plain, 10, 200, y, fit(line.title(), 60));
                    text(c, plain, 10, 520, y, String.valueOf(line.quantity()));
                    y -= 18;
                }
                if (shown < lines.size()) {
                    int rest = lines.subList(shown, lines.size()).stream().mapToInt(Line::quantity).sum();
                    text(c, plain, 10, 50, y, "... and " + (lines.size() - shown) + " more lines (" + rest + " items)");
                    y -= 18;
                }
                int total = lines.stream().mapToInt(Line::quantity).sum();
                text(c, bold, 11, 50, Math.max(y - 10, 40), "Items: " + total);
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void text(PDPageContentStream c, PDType1Font font, float size, float x, float y, String s)
            throws IOException {
        c.beginText();
        c.setFont(font, size);
        c.newLineAtOffset(x, y);
        c.showText(printable(s));
        c.endText();
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
