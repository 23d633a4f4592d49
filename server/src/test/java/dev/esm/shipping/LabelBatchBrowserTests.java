package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.esm.orders.OrderQueries;

import dev.esm.HeadlessChromium;
import dev.esm.IntegrationTest;
import dev.esm.TestSandbox;
import dev.esm.shipping.ShippingCommands.DefaultsCommand;
import dev.esm.shipping.TestShipping.Shop;
import dev.esm.shipping.spi.LabelFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/** A batch in a real browser: tick orders, confirm, watch the progress bar move over SSE, download the labels. */
class LabelBatchBrowserTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    TestShipping shipping;
    @Autowired
    OrderQueries orders;
    @Autowired
    ShippingSettings settings;

    private HeadlessChromium chromium;

    @BeforeEach
    void start() throws IOException {
        chromium = HeadlessChromium.start();
    }

    @AfterEach
    void stop() throws IOException {
        TestSandbox.easypost().faults().setLatencyMillis(0);
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void selectOrdersStartABatchAndWatchItFinish() {
        Shop shop = shipping.shop("Browser Batcher", 3);
        shop.as(() -> {
            settings.setDefaults(shop.store(), new DefaultsCommand("Priority", LabelFormat.PDF), "test");
            return null;
        });
        WebDriver driver = chromium.driver();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        String base = "http://localhost:" + port;
        driver.get(base + "/login");
        driver.findElement(By.name("username")).sendKeys(shop.owner().email());
        driver.findElement(By.name("password")).sendKeys(shop.owner().password());
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("today")));

        // every order of the store on one page (the grid opens on "Awaiting shipment")
        driver.get(base + "/orders?tab=all&size=200&store=" + shop.store());
        var boxes = driver.findElements(By.cssSelector("input.order-select"));
        assertThat(boxes).hasSize(shop.orders().size());
        // two orders awaiting shipment (the shop may hold others, which a batch would skip)
        java.util.Set<String> chosen = java.util.Set.of(shop.orders().get(0).toString(), shop.orders().get(2).toString());
        boxes.stream().filter(b -> chosen.contains(b.getAttribute("value"))).forEach(org.openqa.selenium.WebElement::click);
        driver.findElement(By.id("batch-selected-button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("batch-start")));
        assertThat(driver.findElement(By.id("batch-order-count")).getText()).isEqualTo("2");
        assertThat(driver.getPageSource()).contains("Priority", "Warehouse", "Small box");
        chromium.screenshot("label-batch-preview");

        // a slow provider, so that the page sees the batch running before it ends
        TestSandbox.easypost().faults().setLatencyMillis(600);
        driver.findElement(By.id("start-batch")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("batch-bar")));
        // rendered while running (each label takes four slow provider calls); only the SSE script finishes the page
        assertThat(driver.findElement(By.id("batch-status")).getText()).isEqualTo("Buying labels…");
        wait.until(ExpectedConditions.textToBe(By.id("batch-status"), "Finished"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("download-labels")));
        assertThat(driver.findElement(By.id("batch-purchased")).getText()).isEqualTo("2");
        assertThat(driver.findElement(By.id("batch-bar")).getAttribute("value")).isEqualTo("2");
        assertThat(driver.findElements(By.id("batch-failures"))).isEmpty();
        assertThat(shop.purchases()).isEqualTo(2);
    }

    /**
     * A batch over a mixed selection (orders awaiting shipment and one that must not ship): the confirmation says what
     * will be bought, what is skipped and why, and the postage; the result lists every order with tracking and cost.
     */
    @Test
    void aBatchOverAMixedSelectionShowsWhatIsSkippedAndWhyAndTheResultPerOrder() {
        Shop shop = shipping.shop("Mixed Batcher", 20, java.time.Duration.ofDays(14));
        shop.as(() -> {
            settings.setDefaults(shop.store(), new DefaultsCommand("GroundAdvantage", LabelFormat.PDF), "test");
            return null;
        });
        UUID unshippable = shop.unshippable(orders);
        List<UUID> awaiting = shop.orders().stream().filter(o -> shop.as(() ->
                ShippingGuardrails.awaitingShipment(orders.summary(o)))).limit(2).toList();
        assertThat(awaiting).hasSize(2);
        WebDriver driver = chromium.driver();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        String base = "http://localhost:" + port;
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 900));
        driver.get(base + "/login");
        driver.findElement(By.name("username")).sendKeys(shop.owner().email());
        driver.findElement(By.name("password")).sendKeys(shop.owner().password());
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-out")));
        // Batches is in the navigation
        assertThat(driver.findElement(By.id("nav-batches")).getAttribute("href")).endsWith("/label-batches");

        java.util.Set<String> chosen = new java.util.HashSet<>();
        awaiting.forEach(o -> chosen.add(o.toString()));
        chosen.add(unshippable.toString());
        // 20 orders, shippable or not: all on the first page of the grid's "All" tab
        driver.get(base + "/orders?tab=all&size=200&store=" + shop.store());
        driver.findElements(By.cssSelector("input.order-select")).stream()
                .filter(b -> chosen.contains(b.getAttribute("value"))).forEach(WebElement::click);
        driver.findElement(By.id("batch-selected-button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("batch-start")));
        assertThat(driver.findElement(By.id("batch-order-count")).getText()).isEqualTo("2");
        assertThat(driver.findElements(By.cssSelector("#batch-to-buy tr.to-buy"))).hasSize(2);
        assertThat(driver.findElement(By.id("batch-skipped-count")).getText()).isEqualTo("1");
        String reason = ShippingGuardrails.refusal(shop.as(() -> orders.summary(unshippable)), false).orElseThrow()
                .message();
        assertThat(driver.findElement(By.id("batch-skipped")).getText())
                .contains(shop.purchaseOrderId(orders, unshippable), reason);
        // a store with no label yet has no estimate, and says so
        assertThat(driver.findElement(By.id("batch-estimate")).getText()).contains("no estimate yet");
        chromium.screenshot("label-batch-mixed-confirm");

        driver.findElement(By.id("start-batch")).click();
        wait.until(ExpectedConditions.textToBe(By.id("batch-status"), "Finished"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("batch-postage")));
        var rows = driver.findElements(By.cssSelector("#batch-orders tr.batch-item"));
        assertThat(rows).hasSize(2);
        for (WebElement row : rows) {
            assertThat(row.getAttribute("data-state")).isEqualTo("PURCHASED");
            assertThat(row.getText()).containsPattern("94\\d{20}").contains("USPS Ground Advantage").containsPattern("\\$\\d+\\.\\d\\d");
        }
        assertThat(driver.findElement(By.id("batch-skipped")).getText()).contains(reason);
        assertThat(driver.findElement(By.id("download-slips")).getAttribute("href")).contains("/packing-slips.pdf");
        chromium.screenshot("label-batch-result");
        assertThat(shop.purchases()).isEqualTo(2);
    }
}
