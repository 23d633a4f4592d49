package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.HeadlessChromium;
import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.orders.internal.SyncOrders;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Stores;

/** The owner erases one buyer from the order page: asked to confirm first, then the page says the details are gone. */
class EraseBuyerBrowserTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    SyncOrders syncOrders;
    @Autowired
    Stores stores;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate transactions;

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
    void theOwnerConfirmsAndTheOrderPageSaysTheBuyerDetailsWereRemoved() {
        TestOperator owner = operators.create("Browser Eraser");
        String clientId = "erase-browser-" + UUID.randomUUID();
        WalmartSeller walmart = TestSandbox.walmart().registerSeller(clientId, "secret-" + UUID.randomUUID());
        walmart.generateOrders(3, Duration.ofDays(1));
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Erase in browser",
                new StoreCredentials.Walmart(clientId, walmart.clientSecret()), "test").id());
        ActingOperator.runAs(owner.id(), () -> syncOrders.sync(store).recorded().orElseThrow());
        UUID order = ActingOperator.runAs(owner.id(), () -> transactions.execute(status -> jdbc
                .sql("select order_id from esm.order_buyer where store_id = ? limit 1").param(store)
                .query(UUID.class).single()));

        WebDriver driver = chromium.driver();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        String base = "http://localhost:" + port;
        driver.get(base + "/login");
        driver.findElement(By.name("username")).sendKeys(owner.email());
        driver.findElement(By.name("password")).sendKeys(owner.password());
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-out")));

        driver.get(base + "/orders/" + order);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("erase-buyer"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("erase-buyer-form")));
        chromium.screenshot("erase-buyer-confirm");
        // without ticking the box nothing is erased and the page says why, beside the box
        driver.findElement(By.id("erase-buyer-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("erase-confirm-error")));
        chromium.screenshot("erase-buyer-unconfirmed");
        assertThat(held(owner, order)).isTrue();

        driver.findElement(By.id("erase-confirm")).click();
        driver.findElement(By.id("erase-buyer-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("buyer-removed")));
        assertThat(driver.findElement(By.id("buyer-removed")).getText()).startsWith("Buyer details removed on")
                .contains("erased them on request");
        assertThat(driver.findElement(By.id("buyer-notice")).getText()).contains("erased for good");
        assertThat(driver.findElements(By.id("reveal-buyer"))).isEmpty();
        assertThat(held(owner, order)).isFalse();
        chromium.screenshot("erase-buyer-done");
    }

    private boolean held(TestOperator owner, UUID order) {
        return ActingOperator.runAs(owner.id(), () -> transactions.execute(status -> jdbc
                .sql("select count(*) from esm.order_buyer where order_id = ? and sealed is not null").param(order)
                .query(Long.class).single())) == 1;
    }
}
