package dev.esm.sandbox.easypost;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import dev.esm.sandbox.SandboxClock;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.esm.sandbox.easypost.EasyPostHttp.address;
import static dev.esm.sandbox.easypost.EasyPostHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

class EasyPostLabelTest {

    private static final String TO = address("Harper Specimen", "179 N Harbor Dr", "Redondo Beach", "CA", "90277");

    private final SandboxClock clock = SandboxClock.fixed(Instant.parse("2026-03-02T12:00:00Z"));
    private EasyPostSimulator easypost;
    private EasyPostHttp client;

    @BeforeEach
    void start() {
        easypost = new EasyPostSimulator(clock, 11).start(0);
        client = new EasyPostHttp(easypost.baseUrl(), easypost.registerApiKey().apiKey());
    }

    @AfterEach
    void stop() {
        easypost.close();
    }

    @Test
    void thePdfLabelIsOne4x6PageWhoseBarcodeDecodesTo420ZipAndTrackingNumber() throws IOException {
        JsonNode shipment = client.createShipment(TO, 15.4,
                "\"reference\":\"ebay-12-34567\",\"options\":{\"label_format\":\"PDF\"}");
        JsonNode bought = client.buy(shipment, "Priority");
        String pic = bought.path("tracking_code").asString();
        assertThat(UspsPic.isValid(pic)).isTrue();
        JsonNode label = bought.path("postage_label");
        assertThat(label.path("label_file_type").asString()).isEqualTo("application/pdf");
        String url = label.path("label_url").asString();
        assertThat(url).endsWith(".pdf");
        assertThat(label.path("label_pdf_url").asString()).isEqualTo(url);

        byte[] pdf = client.download(url);
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            assertThat(doc.getNumberOfPages()).isEqualTo(1);
            PDRectangle box = doc.getPage(0).getMediaBox();
            assertThat(box.getWidth()).isEqualTo(288f);
            assertThat(box.getHeight()).isEqualTo(432f);

            String text = new PDFTextStripper().getText(doc);
            assertThat(text).contains("USPS PRIORITY MAIL", "USPS TRACKING #", UspsPic.grouped(pic),
                    "HARPER SPECIMEN", "179 N HARBOR DR", "SAMPLE SHOP", "Ref: ebay-12-34567",
                    "NOT VALID POSTAGE");

            // as a 203 dpi thermal printer would print it
            BufferedImage page = new PDFRenderer(doc).renderImageWithDPI(0, 203, ImageType.GRAY);
            assertThat(page.getWidth()).isEqualTo(812);
            assertThat(page.getHeight()).isEqualTo(1218);
            Result result = decode(page);
            assertThat(result.getBarcodeFormat()).isEqualTo(BarcodeFormat.CODE_128);
            // GS1 symbology identifier ]C1 = FNC1 first; GS (0x1D) = the FNC1 ending the variable-length AI 420
            assertThat(result.getText()).isEqualTo("]C1" + "420" + "90277" + "\u001d" + pic);
        }
    }

    @Test
    void pngIsTheDefaultAndDecodesTheSame() throws IOException {
        JsonNode bought = client.buy(client.createShipment(TO, 40, null), "GroundAdvantage");
        String pic = bought.path("tracking_code").asString();
        byte[] png = client.download(bought.path("postage_label").path("label_url").asString());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(1800);
        assertThat(decode(image).getText()).isEqualTo("]C142090277\u001d" + pic);
    }

    @Test
    void labelFormatsAreAddedOnRequest() {
        JsonNode bought = client.buy(client.createShipment(TO, 8, null), "Express");
        String id = bought.path("id").asString();
        String pic = bought.path("tracking_code").asString();
        assertThat(bought.path("postage_label").path("label_zpl_url").isNull()).isTrue();

        JsonNode zpl = json(client.get("/v2/shipments/" + id + "/label?file_format=ZPL"), 200);
        String zplUrl = zpl.path("postage_label").path("label_zpl_url").asString();
        assertThat(zplUrl).endsWith(".zpl");
        assertThat(zpl.path("postage_label").path("label_url").asString()).endsWith(".png");
        String zplText = new String(client.download(zplUrl), StandardCharsets.UTF_8);
        assertThat(zplText).startsWith("^XA").contains("^BC", ">;>842090277>8" + pic, "USPS TRACKING #",
                UspsPic.grouped(pic)).endsWith("^XZ\n");

        JsonNode pdf = json(client.get("/v2/shipments/" + id + "/label?file_format=PDF"), 200);
        assertThat(client.download(pdf.path("postage_label").path("label_pdf_url").asString()))
                .startsWith("%PDF".getBytes(StandardCharsets.US_ASCII));
        JsonNode epl = json(client.get("/v2/shipments/" + id + "/label?file_format=EPL2"), 200);
        assertThat(new String(client.download(epl.path("postage_label").path("label_epl2_url").asString()),
                StandardCharsets.UTF_8)).contains("420" + "90277" + pic, "P1");

        assertThat(json(client.get("/v2/shipments/" + id + "/label?file_format=GIF"), 422)
                .path("error").path("code").asString()).isEqualTo("PARAMETER.INVALID");
        String unbought = client.createShipment(TO, 8, null).path("id").asString();
        assertThat(client.get("/v2/shipments/" + unbought + "/label?file_format=PDF").statusCode()).isEqualTo(422);
        assertThat(client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                easypost.baseUrl() + "/files/postage_label/20260302/nope.pdf")).build()).statusCode()).isEqualTo(404);
    }

    static Result decode(BufferedImage image) {
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
        Map<DecodeHintType, Object> hints = Map.of(
                DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.CODE_128),
                DecodeHintType.ASSUME_GS1, Boolean.TRUE,
                DecodeHintType.TRY_HARDER, Boolean.TRUE);
        try {
            return new MultiFormatReader().decode(bitmap, hints);
        } catch (NotFoundException e) {
            throw new AssertionError("no Code 128 barcode found on the label", e);
        }
    }
}
