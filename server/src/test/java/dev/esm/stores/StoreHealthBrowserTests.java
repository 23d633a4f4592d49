package dev.esm.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import dev.esm.HeadlessChromium;
import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.orders.SyncRun;
import dev.esm.orders.SyncHistory;
import dev.esm.orders.internal.OrderSyncScheduler;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.shared.Marketplace;

/**
 * Store health on the Stores page in a real browser: a healthy store says so; once Walmart starts refusing the store's
 * credentials (the seller made a new client secret) its badge says "Needs reconnecting" and the "stores needing
 * attention" banner names it with a link to reconnect.
 */
class StoreHealthBrowserTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(90);

    @Autowired
    Stores stores;
    @Autowired
    SyncHistory history;
    @Autowired
    OrderSyncScheduler tasks;
    @Autowired
    DataSource dataSource;

    private HeadlessChromium chromium;
    private Scheduler node;

    @BeforeEach
    void start() throws IOException {
        chromium = HeadlessChromium.start();
    }

    @AfterEach
    void stop() throws IOException {
        if (node != null) {
            node.stop();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void theReconnectBadgeAndBannerAppearWhenTheMarketplaceStartsRefusingTheStoresCredentials() {
        TestOperator owner = operators.create("Health Seller");
        WalmartSeller seller = TestSandbox.walmartSeller().generateOrders(3);
        String name = "Health Shop " + UUID.randomUUID().toString().substring(0, 6);
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, name,
                new StoreCredentials.Walmart(seller.clientId(), seller.clientSecret()), "test").id());
        // a scheduler node syncs the store as production would (every few seconds for Walmart)
        node = tasks.newNode(dataSource, "store-health-browser-node");
        node.start();

        WebDriver driver = chromium.driver();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        signIn(driver, wait, owner);
        wait.until(d -> badge(d, store).equals("Healthy") || reload(d));
        assertThat(storeRow(driver, wait, store).getText()).doesNotContain("Credentials");
        assertThat(driver.findElements(By.id("stores-attention"))).as("no banner while every store is healthy").isEmpty();

        // the seller makes a new client secret in Seller Center: from now on Walmart refuses the one ESM keeps
        seller.resetClientSecret("reset-" + UUID.randomUUID());
        TestSandbox.walmart().expireAllTokens();
        wait.until(d -> badge(d, store).equals("Needs reconnecting") || reload(d));
        assertThat(lastOutcome(owner, store)).isEqualTo(SyncRun.Outcome.NEEDS_RECONNECT);
        WebElement banner = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("stores-attention")));
        assertThat(banner.getText()).contains("1 store needs your attention").contains(name)
                .contains("Needs reconnecting").contains("refused this store's credentials");
        WebElement reconnect = banner.findElement(By.cssSelector("li[data-store='" + store + "'] a.attention-action"));
        assertThat(reconnect.getText()).isEqualTo("Reconnect");
        chromium.screenshot("stores-health");

        reconnect.click();
        wait.until(ExpectedConditions.urlToBe("http://localhost:" + port + "/stores/" + store));
        wait.until(ExpectedConditions.textToBe(By.id("store-title"), name));

        // the sync page says the same, with the marketplace's name
        driver.get("http://localhost:" + port + "/stores/" + store + "/sync");
        assertThat(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reconnect"))).getText())
                .contains("Walmart refused this store's credentials");
    }

    private SyncRun.Outcome lastOutcome(TestOperator owner, UUID store) {
        return ActingOperator.runAs(owner.id(), () -> history.recent(store, 1).get(0).outcome());
    }

    /** The store's badge on the Stores page now ("" when the row is not there). */
    private static String badge(WebDriver driver, UUID store) {
        return driver.findElements(By.cssSelector("#stores tr[data-store='" + store + "'] .badge.health")).stream()
                .map(WebElement::getText).findFirst().orElse("");
    }

    /** Reloads the page for the next look; false, so that a wait goes on. */
    private static boolean reload(WebDriver driver) {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        driver.navigate().refresh();
        return false;
    }

    private WebElement storeRow(WebDriver driver, WebDriverWait wait, UUID store) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#stores tr[data-store='" + store + "']")));
    }

    private void signIn(WebDriver driver, WebDriverWait wait, TestOperator operator) {
        driver.get("http://localhost:" + port + "/login");
        driver.findElement(By.name("username")).sendKeys(operator.email());
        driver.findElement(By.name("password")).sendKeys(operator.password());
        driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        // sign-in lands on Today; the badges are on the Stores page
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-out")));
        driver.get("http://localhost:" + port + "/stores");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("add-store")));
    }
}
