package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
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

        HeadlessChromium.signIn(driver, base, shop.owner().email(), shop.owner().password());

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

    /**
     * The label panel at a desktop's and a phone's size: ship-to and items, the weight entered in lb/oz, rates in
     * plain words with their delivery dates, "Buy label – $x" following the chosen rate, the label opened for printing
     * on buy, and a void that asks first (cancelling keeps the label).
     */
    @Test
    void labelPanelFromRatesToPrintWithAConfirmationOnVoid() throws Exception {
        Shop shop = shipping.shop("Panel Browser Shipper", 2);
        List<UUID> unshipped = shop.unshipped(orders, 2);
        WebDriver driver = chromium.driver();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        String base = "http://localhost:" + port;
        signIn(driver, wait, base, shop);
        int round = 0;
        for (Dimension size : List.of(new Dimension(1440, 900), new Dimension(390, 844))) {
            UUID order = unshipped.get(round++);
            driver.manage().window().setSize(size);
            driver.get(base + "/orders/" + order + "/shipping");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rates-form")));
            var details = shop.as(() -> orders.get(order));
            assertThat(driver.findElement(By.id("ship-to")).getText()).contains(details.buyer().initials());
            details.lines().forEach(l -> assertThat(driver.findElement(By.id("items")).getText()).contains(l.sku()));
            // no package is assumed: custom, with the weight to enter
            assertThat(new Select(driver.findElement(By.id("package"))).getFirstSelectedOption().getAttribute("value"))
                    .isEmpty();
            driver.findElement(By.id("weight-lb")).sendKeys("1");
            driver.findElement(By.id("weight-oz")).sendKeys("8");
            driver.findElement(By.id("get-rates")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rate-list")));
            String rates = driver.findElement(By.id("rate-list")).getText();
            assertThat(rates).contains("USPS Ground Advantage", "USPS Priority Mail", "arrives ")
                    .doesNotContain("GroundAdvantage");
            if (round == 1) {
                chromium.screenshot("order-label-panel-rates");
            }
            WebElement buy = driver.findElement(By.id("buy-label"));
            WebElement chosen = driver.findElement(By.cssSelector("input[name=rateId]:checked"));
            assertThat(buy.getText()).isEqualTo("Buy label – " + chosen.getAttribute("data-price"));
            WebElement priority = driver.findElement(By.id("rate-Priority"));
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", priority);
            priority.click();
            assertThat(buy.getText()).isEqualTo("Buy label – " + priority.getAttribute("data-price"))
                    .matches("Buy label – \\$\\d+\\.\\d\\d");
            String window = driver.getWindowHandle();
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", buy);
            buy.click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("tracking-code")));
            assertThat(driver.findElement(By.id("label-service")).getText()).isEqualTo("USPS Priority Mail");
            assertThat(driver.findElement(By.id("label-reference")).getText())
                    .isEqualTo(details.summary().marketplaceOrderId());
            // the label opens by itself for printing (a second tab on the label's PDF)
            wait.until(d -> d.getWindowHandles().size() == 2);
            String labelTab = driver.getWindowHandles().stream().filter(h -> !h.equals(window)).findFirst().orElseThrow();
            driver.switchTo().window(labelTab);
            wait.until(d -> d.getCurrentUrl().endsWith("/orders/" + order + "/shipping/label"));
            driver.close();
            driver.switchTo().window(window);
            if (round == 1) {
                chromium.screenshot("order-label-panel-bought");
            }

            // void asks first; cancelling keeps the label
            WebElement voidButton = driver.findElement(By.id("void-label"));
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", voidButton);
            voidButton.click();
            wait.until(ExpectedConditions.alertIsPresent()).dismiss();
            assertThat(driver.findElements(By.id("tracking-code"))).hasSize(1);
            driver.findElement(By.id("void-label")).click();
            var alert = wait.until(ExpectedConditions.alertIsPresent());
            assertThat(alert.getText()).startsWith("Void this label?");
            alert.accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "Label voided"));
            assertThat(driver.findElement(By.id("label-history")).getText()).contains("voided");
            assertThat(driver.findElements(By.id("tracking-code"))).isEmpty();
            // the history: the void above the buy (newest first), the push with its state, each with its time
            List<WebElement> events = driver.findElements(By.cssSelector("#label-history li"));
            List<String> kinds = events.stream().map(e -> e.getAttribute("class")).toList();
            assertThat(kinds).contains("history-bought", "history-voided", "history-push");
            assertThat(kinds.indexOf("history-voided")).isLessThan(kinds.indexOf("history-bought"));
            events.forEach(e -> assertThat(e.findElement(By.tagName("time")).getText()).isNotBlank());
            assertThat(driver.findElement(By.cssSelector("#label-history li.history-voided")).getText())
                    .contains("voided: refund");
            assertThat(driver.findElement(By.cssSelector("#label-history li.history-push")).getText())
                    .contains("to the marketplace:");
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()",
                    driver.findElement(By.id("label-history")));
            if (round == 1) {
                chromium.screenshot("order-label-history");
            }
            // the order page says the label was voided
            driver.get(base + "/orders/" + order);
            assertThat(driver.findElement(By.id("shipping-note")).getAttribute("data-state")).isEqualTo("VOIDED");
            assertThat(driver.findElement(By.id("shipping-note")).getText()).contains("voided");
        }
        assertThat(shop.purchases()).isEqualTo(2);
    }

    /**
     * Issue 11 part 6 (ADR 37) at 1440x900 and 390x844: a second store's settings page lists the address and box the
     * operator added for the first store, says they are shared, keeps what was typed beside the field on a refusal,
     * saves the store's own defaults, asks before removing a package from all stores; the second store's label panel
     * then proposes the store's default package with its weight filled in.
     */
    @Test
    void aSecondStoresSettingsPageSharesTheOperatorsAddressesAndPackagesWithItsOwnDefaults() throws Exception {
        Shop first = shipping.shop("Shared Settings Shipper", 2);
        Shop second = shipping.secondStore(first, "Shared Settings second", 4);
        WebDriver driver = chromium.driver();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        String base = "http://localhost:" + port;
        signIn(driver, wait, base, first);
        boolean phone = false;
        for (Dimension size : List.of(new Dimension(1440, 900), new Dimension(390, 844))) {
            driver.manage().window().setSize(size);
            driver.get(base + "/stores/" + second.store() + "/shipping");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("store-defaults-form")));
            assertThat(driver.findElement(By.id("addresses")).getText()).contains("Warehouse");
            assertThat(driver.findElement(By.id("package-list")).getText()).contains("Small box");
            assertThat(driver.findElement(By.id("shared-note")).getText()).contains("shared by all of your stores");

            // a name the operator already uses: refused beside the field, what was typed kept
            var form = driver.findElement(By.id("package-form"));
            form.findElement(By.name("name")).sendKeys(phone ? "SMALL BOX" : "small box");
            form.findElement(By.name("weightOz")).sendKeys("12");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("#package-form .field-error")));
            assertThat(error.getText()).contains("You already have a package named");
            assertThat(driver.findElement(By.cssSelector("#package-form input[name=weightOz]")).getAttribute("value"))
                    .isEqualTo("12");

            // this store's default package
            new Select(driver.findElement(By.id("default-package"))).selectByVisibleText("Small box");
            driver.findElement(By.cssSelector("#store-defaults-form button[type=submit]")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"),
                    "This store's defaults saved."));
            assertThat(new Select(driver.findElement(By.id("default-package"))).getFirstSelectedOption().getText())
                    .isEqualTo("Small box");
            assertThat((Long) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                    "return document.documentElement.scrollWidth")).as("no sideways scrolling")
                    .isLessThanOrEqualTo(size.getWidth());
            if (!phone) {
                ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()",
                        driver.findElement(By.id("store-defaults")));
                chromium.screenshot("shipping-settings-shared");
            }

            // Remove asks first, naming all stores; cancelling keeps it
            WebElement remove = driver.findElement(By.cssSelector("#package-list button.danger"));
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", remove);
            remove.click();
            var alert = wait.until(ExpectedConditions.alertIsPresent());
            assertThat(alert.getText()).contains("Small box", "from all your stores");
            alert.dismiss();
            assertThat(driver.findElement(By.id("package-list")).getText()).contains("Small box");

            // the second store's label panel proposes its default package, weight filled in
            driver.get(base + "/orders/" + second.orders().get(0) + "/shipping");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("rates-form")));
            assertThat(new Select(driver.findElement(By.id("package"))).getFirstSelectedOption().getText())
                    .startsWith("Small box");
            assertThat(driver.findElement(By.id("default-package-note")).getText()).contains("default package");
            wait.until(d -> "15.4".equals(d.findElement(By.id("weight-oz")).getAttribute("value")));
            if (!phone) {
                chromium.screenshot("order-label-panel-store-default-package");
            }
            phone = true;
        }
        // the first store's default stayed its own: no default package
        driver.get(base + "/stores/" + first.store() + "/shipping");
        assertThat(new Select(driver.findElement(By.id("default-package"))).getFirstSelectedOption().getAttribute(
                "value")).isEmpty();
    }

    private static void signIn(WebDriver driver, WebDriverWait wait, String base, Shop shop) {
        HeadlessChromium.signIn(driver, base, shop.owner().email(), shop.owner().password());
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
