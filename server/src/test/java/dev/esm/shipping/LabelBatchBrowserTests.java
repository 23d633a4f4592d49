package dev.esm.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

/** A batch in a real browser: tick orders, confirm, watch the progress bar move over SSE, download the labels. */
class LabelBatchBrowserTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    TestShipping shipping;
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
}
