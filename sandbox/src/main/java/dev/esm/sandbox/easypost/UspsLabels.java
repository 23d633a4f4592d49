package dev.esm.sandbox.easypost;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.oned.Code128Writer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.rendering.PDFRenderer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Renders sandbox USPS labels: a one-page 4x6 inch PDF (288 x 432 pt) laid out as contract section 5.3 (service icon
 * and indicia, service banner, from and ship-to blocks, the IMpb barcode between heavy guard bars with
 * "USPS TRACKING #" above and the grouped digits below, a reference line), a PNG of that page at 300 dpi (EasyPost's
 * default label resolution), and ZPL / EPL2 printer text with the same data. The barcode is GS1-128: Code 128 with
 * FNC1 + {@code 420} + ZIP5 + FNC1 + the 22-digit PIC, drawn as vector bars of 3 dots at 203 dpi per module.
 * Every label says it is not valid postage.
 */
final class UspsLabels {

    static final float WIDTH = 288;
    static final float HEIGHT = 432;
    static final int PNG_DPI = 300;
    private static final float MODULE = 72f * 3 / 203; // 3 printer dots at 203 dpi, 0.0148 in
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy");

    private UspsLabels() {
    }

    static byte[] pdf(List<LabelData> labels) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (LabelData label : labels) {
                addPage(doc, label);
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(LabelData label) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            addPage(doc, label);
            // exactly 1200 x 1800 px (renderImageWithDPI can lose a row to float rounding)
            BufferedImage image = new BufferedImage(Math.round(WIDTH / 72 * PNG_DPI), Math.round(HEIGHT / 72 * PNG_DPI),
                    BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = image.createGraphics();
            try {
                g.setBackground(Color.WHITE); // the renderer clears the page with the background colour
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, image.getWidth(), image.getHeight());
                new PDFRenderer(doc).renderPageToGraphics(0, g, PNG_DPI / 72f);
            } finally {
                g.dispose();
            }
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The barcode's modules (true = bar), no quiet zone. */
    static boolean[] modules(String zip5, String pic) {
        BitMatrix m = new Code128Writer().encode(UspsPic.barcodeContent(zip5, pic), BarcodeFormat.CODE_128, 0, 1,
                Map.of(EncodeHintType.MARGIN, 0));
        boolean[] row = new boolean[m.getWidth()];
        for (int x = 0; x < row.length; x++) {
            row[x] = m.get(x, 0);
        }
        return row;
    }

    private static void addPage(PDDocument doc, LabelData d) throws IOException {
        PDPage page = new PDPage(new PDRectangle(WIDTH, HEIGHT));
        doc.addPage(page);
        PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
            cs.setStrokingColor(Color.BLACK);
            cs.setNonStrokingColor(Color.BLACK);
            cs.setLineWidth(1);
            cs.addRect(4, 4, WIDTH - 8, HEIGHT - 8);
            cs.stroke();

            // payment & branding segment: service icon (solid square with the service letter) and the indicia
            cs.addRect(10, 358, 66, 66);
            cs.fill();
            cs.setNonStrokingColor(Color.WHITE);
            String letter = String.valueOf(d.service().icon());
            text(cs, bold, 50, 43 - width(bold, 50, letter) / 2, 373, letter);
            cs.setNonStrokingColor(Color.BLACK);
            cs.addRect(166, 360, 112, 62);
            cs.stroke();
            float iy = 410;
            for (String line : List.of("US POSTAGE PAID", "EASYPOST SANDBOX", "$" + d.rate(),
                    "NOT VALID POSTAGE")) {
                text(cs, bold, 7, 222 - width(bold, 7, line) / 2, iy, line);
                iy -= 13;
            }

            // service banner between two rules
            cs.addRect(4, 352, WIDTH - 8, 2);
            cs.addRect(4, 322, WIDTH - 8, 2);
            cs.fill();
            float size = fit(bold, d.service().bannerText(), 20, WIDTH - 24);
            text(cs, bold, size, (WIDTH - width(bold, size, d.service().bannerText())) / 2, 331,
                    d.service().bannerText());

            // from block, ship date / weight / zone on the right
            float y = 310;
            for (String line : d.fromLines()) {
                text(cs, regular, 7.5f, 10, y, clip(regular, 7.5f, line, 170));
                y -= 9;
            }
            long oz = Math.round(Math.ceil(d.weightOz()));
            text(cs, regular, 7.5f, 190, 310, "Ship date: " + DATE.format(d.shipDate()));
            text(cs, regular, 7.5f, 190, 301, "Weight: " + (oz / 16) + " lb " + (oz % 16) + " oz");
            text(cs, bold, 7.5f, 190, 292, "Zone " + d.zone());

            // delivery address block (largest text)
            text(cs, bold, 8, 10, 250, "SHIP TO:");
            y = 234;
            for (String line : d.toLines()) {
                float s = fit(bold, line, 12, WIDTH - 50);
                text(cs, bold, s, 40, y, line);
                y -= 15;
            }

            // IMpb segment between heavy guard bars
            cs.addRect(4, 150, WIDTH - 8, 3);
            cs.fill();
            text(cs, bold, 9, (WIDTH - width(bold, 9, "USPS TRACKING #")) / 2, 138, "USPS TRACKING #");
            boolean[] bars = modules(d.toZip5(), d.trackingCode());
            float module = bars.length * MODULE + 20 * MODULE <= WIDTH - 16 ? MODULE : (WIDTH - 24) / bars.length;
            float x0 = (WIDTH - bars.length * module) / 2;
            for (int i = 0; i < bars.length; ) {
                if (!bars[i]) {
                    i++;
                    continue;
                }
                int start = i;
                while (i < bars.length && bars[i]) {
                    i++;
                }
                cs.addRect(x0 + start * module, 62, (i - start) * module, 68);
            }
            cs.fill();
            String human = UspsPic.grouped(d.trackingCode());
            text(cs, bold, 10, (WIDTH - width(bold, 10, human)) / 2, 47, human);
            cs.addRect(4, 36, WIDTH - 8, 3);
            cs.fill();

            // additional information segment
            if (d.reference() != null && !d.reference().isBlank()) {
                text(cs, regular, 8, 10, 24, clip(regular, 8, "Ref: " + d.reference(), WIDTH - 20));
            }
            text(cs, regular, 6.5f, 10, 12, "SANDBOX LABEL - NOT VALID POSTAGE - ESM EasyPost simulator");
        }
    }

    static String zpl(LabelData d) {
        StringBuilder z = new StringBuilder();
        z.append("^XA\n^CI28\n^PW812\n^LL1218\n^LH0,0\n");
        z.append("^FO20,20^GB180,180,180^FS\n");
        z.append("^FO60,45^A0N,150,130^FR^FD").append(d.service().icon()).append("^FS\n");
        z.append("^FO470,30^A0N,22,20^FDUS POSTAGE PAID^FS\n");
        z.append("^FO470,60^A0N,22,20^FDEASYPOST SANDBOX^FS\n");
        z.append("^FO470,90^A0N,22,20^FD$").append(d.rate()).append("^FS\n");
        z.append("^FO470,120^A0N,22,20^FDNOT VALID POSTAGE^FS\n");
        z.append("^FO10,220^GB792,6,6^FS\n");
        z.append("^FO20,245^A0N,50,40^FD").append(zplText(d.service().bannerText())).append("^FS\n");
        z.append("^FO10,305^GB792,6,6^FS\n");
        int y = 330;
        for (String line : d.fromLines()) {
            z.append("^FO20,").append(y).append("^A0N,24,22^FD").append(zplText(line)).append("^FS\n");
            y += 28;
        }
        z.append("^FO540,330^A0N,24,22^FDShip date: ").append(DATE.format(d.shipDate())).append("^FS\n");
        z.append("^FO540,358^A0N,24,22^FDZone ").append(d.zone()).append("^FS\n");
        z.append("^FO20,520^A0N,26,24^FDSHIP TO:^FS\n");
        y = 560;
        for (String line : d.toLines()) {
            z.append("^FO110,").append(y).append("^A0N,40,36^FD").append(zplText(line)).append("^FS\n");
            y += 46;
        }
        z.append("^FO10,800^GB792,10,10^FS\n");
        z.append("^FO300,825^A0N,28,26^FDUSPS TRACKING #^FS\n");
        // >; = start subset C, >8 = FNC1
        z.append("^FO70,870^BY3^BCN,190,N,N,N^FD>;>8420").append(d.toZip5()).append(">8")
                .append(d.trackingCode()).append("^FS\n");
        z.append("^FO200,1075^A0N,32,30^FD").append(UspsPic.grouped(d.trackingCode())).append("^FS\n");
        z.append("^FO10,1120^GB792,10,10^FS\n");
        if (d.reference() != null && !d.reference().isBlank()) {
            z.append("^FO20,1145^A0N,24,22^FDRef: ").append(zplText(d.reference())).append("^FS\n");
        }
        z.append("^FO20,1180^A0N,20,18^FDSANDBOX LABEL - NOT VALID POSTAGE^FS\n");
        z.append("^XZ\n");
        return z.toString();
    }

    static String epl2(LabelData d) {
        StringBuilder e = new StringBuilder();
        e.append("\nN\nq812\nQ1218,24\n");
        e.append("A20,20,0,5,1,1,N,\"").append(d.service().icon()).append("\"\n");
        e.append("A20,245,0,4,1,1,N,\"").append(eplText(d.service().bannerText())).append("\"\n");
        int y = 330;
        for (String line : d.fromLines()) {
            e.append("A20,").append(y).append(",0,2,1,1,N,\"").append(eplText(line)).append("\"\n");
            y += 28;
        }
        e.append("A20,520,0,3,1,1,N,\"SHIP TO:\"\n");
        y = 560;
        for (String line : d.toLines()) {
            e.append("A110,").append(y).append(",0,4,1,1,N,\"").append(eplText(line)).append("\"\n");
            y += 46;
        }
        e.append("LO10,800,792,10\n");
        e.append("A300,825,0,3,1,1,N,\"USPS TRACKING #\"\n");
        // 1E = UCC/EAN-128 (the leading FNC1 is implied); AI 420 + ZIP, then the PIC
        e.append("B70,870,0,1E,3,6,190,N,\"420").append(d.toZip5()).append(d.trackingCode()).append("\"\n");
        e.append("A200,1075,0,4,1,1,N,\"").append(UspsPic.grouped(d.trackingCode())).append("\"\n");
        e.append("LO10,1120,792,10\n");
        e.append("A20,1180,0,2,1,1,N,\"SANDBOX LABEL - NOT VALID POSTAGE\"\n");
        e.append("P1\n");
        return e.toString();
    }

    private static void text(PDPageContentStream cs, PDType1Font font, float size, float x, float y, String s)
            throws IOException {
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset(x, y);
        cs.showText(ascii(s));
        cs.endText();
    }

    private static float width(PDType1Font font, float size, String s) throws IOException {
        return font.getStringWidth(ascii(s)) / 1000f * size;
    }

    private static float fit(PDType1Font font, String s, float size, float max) throws IOException {
        float w = width(font, size, s);
        return w <= max ? size : size * max / w;
    }

    private static String clip(PDType1Font font, float size, String s, float max) throws IOException {
        String out = ascii(s);
        while (out.length() > 1 && width(font, size, out) > max) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    /** Standard-14 fonts encode WinAnsi only; labels print addresses in plain ASCII capitals anyway. */
    static String ascii(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).toCharArray()) {
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else if (Character.isWhitespace(c)) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }

    private static String zplText(String s) {
        return ascii(s).replace('^', ' ').replace('~', ' ');
    }

    private static String eplText(String s) {
        return ascii(s).replace("\"", "'").replace("\\", "/");
    }
}
