package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import dev.esm.HeadlessChromium;
import dev.esm.IntegrationTest;
import dev.esm.orders.OrderQueries;
import dev.esm.orders.internal.SyncOrders;
import dev.esm.shipping.TestShipping.Shop;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/** The label journey in a real browser: store shipping settings, then an order's rates, buy, label PDF, packing slip. */
class ShippingBrowserTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    TestShipping shipping;
    @Autowired
    OrderQueries orders;
    @Autowired
    SyncOrders syncOrders;

    private HeadlessChromium chromium;

    @BeforeEach
    void start() throws IOException {
        chromium = HeadlessChromium.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void addAPackageThenRateBuyAndOpenTheLabelOfAnOrder() throws Exception {
        Shop shop = shipping.shop("Browser Shipper", 10);
        // an order Walmart still has to ship, so that the tracking push is accepted
        UUID order = shop.unshipped(orders, 1).get(0);
        WebDriver driver = chromium.driver();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        String base = "http://localhost:" + port;

        driver.get(base + "/login");
        driver.findElement(By.name("username")).sendKeys(shop.owner().email());
        driver.findElement(By.name("password")).sendKeys(shop.owner().password());
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("add-store")));

        driver.get(base + "/stores/" + shop.store());
        driver.findElement(By.id("store-shipping")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("api-key-state")));
        assertThat(driver.findElement(By.id("api-key-state")).getText()).isEqualTo("set");
        assertThat(driver.getPageSource()).doesNotContain(shop.apiKey());
        var form = driver.findElement(By.id("package-form"));
        form.findElement(By.name("name")).sendKeys("Big box");
        form.findElement(By.name("weightOz")).sendKeys("40");
        form.findElement(By.name("lengthIn")).sendKeys("14");
        form.findElement(By.name("widthIn")).sendKeys("12");
        form.findElement(By.name("heightIn")).sendKeys("8");
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "Package added"));

        driver.get(base + "/orders/" + order);
        driver.findElement(By.id("order-shipping")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rates-form")));
        new Select(driver.findElement(By.name("packageId"))).selectByVisibleText("Big box — 40.00 oz, 14.00×12.00×8.00 in");
        driver.findElement(By.id("get-rates")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("rate-Priority"))).click();
        driver.findElement(By.id("buy-label")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("tracking-code")));
        String tracking = driver.findElement(By.id("tracking-code")).getText();
        assertThat(tracking).matches("94\\d{20}");
        assertThat(driver.findElement(By.id("label")).getText()).contains("USPS Priority");
        assertThat(shop.purchases()).isEqualTo(1);

        String labelUrl = driver.findElement(By.id("download-label")).getAttribute("href");
        String slipUrl = driver.findElement(By.id("packing-slip")).getAttribute("href");
        Cookie session = driver.manage().getCookieNamed("ESM_SESSION");
        for (String url : new String[] {labelUrl, slipUrl}) {
            HttpResponse<byte[]> pdf = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Cookie", "ESM_SESSION=" + session.getValue()).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(pdf.statusCode()).isEqualTo(200);
            assertThat(pdf.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                    .startsWith("application/pdf"));
            try (PDDocument document = Loader.loadPDF(pdf.body())) {
                assertThat(document.getNumberOfPages()).isEqualTo(1);
            }
        }
        // the browser opens the label itself
        driver.get(labelUrl);
        assertThat(driver.getCurrentUrl()).isEqualTo(labelUrl);

        // the tracking reaches Walmart after the purchase (the buying node pushes at once); the shipping page says so
        String shippingPage = base + "/orders/" + order + "/shipping";
        long until = System.nanoTime() + WAIT.toNanos();
        do {
            driver.get(shippingPage);
        } while (!"SUCCEEDED".equals(driver.findElement(By.id("push")).getAttribute("data-push-state"))
                && System.nanoTime() < until && sleep());
        assertThat(driver.findElement(By.id("push")).getAttribute("data-push-state")).isEqualTo("SUCCEEDED");
        assertThat(driver.findElement(By.id("push-status")).getText()).startsWith("Pushed at");
        assertThat(driver.findElement(By.id("push-answer")).getText()).startsWith("Walmart: line ");
        chromium.screenshot("order-shipping-pushed");
        assertThat(shop.seller().shipmentPushCount(shop.purchaseOrderId(orders, order))).isEqualTo(1);

        // the next order sync sees the order shipped; the order page shows it with the push
        shop.as(() -> syncOrders.sync(shop.store()));
        driver.get(base + "/orders/" + order);
        assertThat(driver.findElement(By.id("order-status")).getText()).isEqualTo("SHIPPED");
        assertThat(driver.findElement(By.id("shipping-note")).getAttribute("data-state")).isEqualTo("SUCCEEDED");
        assertThat(driver.findElement(By.id("shipping-note")).getText()).contains(tracking)
                .contains("tracking pushed to the marketplace at");
    }

    private static boolean sleep() {
        try {
            Thread.sleep(250);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
