package dev.esm.orders;

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
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import dev.esm.HeadlessChromium;
import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.orders.internal.OrderSyncScheduler;
import dev.esm.sandbox.walmart.WalmartOrder;
import dev.esm.sandbox.walmart.WalmartSeller;

/**
 * The order journey in a real browser: connect a Walmart store (the simulator's seller), ask for a sync and watch its
 * live progress, find an order by the buyer's name, open it and reveal the buyer.
 */
class OrdersBrowserTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    OrderSyncScheduler tasks;
    @Autowired
    DataSource dataSource;

    private HeadlessChromium chromium;
    private Scheduler node;

    @BeforeEach
    void start() throws IOException {
        chromium = HeadlessChromium.start();
        node = tasks.newNode(dataSource, "browser-test-node");
        node.start();
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
    void connectAStoreWatchItsFirstSyncFindAnOrderByBuyerAndRevealTheBuyer() {
        WalmartSeller seller = TestSandbox.walmart().registerSeller("browser-" + UUID.randomUUID(),
                "browser-secret-" + UUID.randomUUID());
        seller.generateOrders(60, Duration.ofDays(5));
        WalmartOrder order = seller.order(seller.purchaseOrderIds().get(7)).orElseThrow();
        String buyer = order.shippingInfo().postalAddress().name();
        TestOperator operator = operators.create("Browser Seller");
        WebDriver driver = chromium.driver();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        String base = "http://localhost:" + port;

        driver.get(base + "/login");
        driver.findElement(By.name("username")).sendKeys(operator.email());
        driver.findElement(By.name("password")).sendKeys(operator.password());
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("add-store")));

        WebElement form = driver.findElement(By.id("add-store"));
        new Select(form.findElement(By.name("marketplace"))).selectByValue("WALMART");
        form.findElement(By.name("name")).sendKeys("Browser Walmart");
        form.findElement(By.name("clientId")).sendKeys(seller.clientId());
        form.findElement(By.name("clientSecret")).sendKeys(seller.clientSecret());
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("sync-link"))).click();

        wait.until(ExpectedConditions.elementToBeClickable(By.id("sync-now"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-status"), "Finished: SUCCEEDED"));
        assertThat(driver.findElement(By.id("live-seen")).getText()).isNotEqualTo("0");

        driver.get(base + "/orders");
        WebElement search = driver.findElement(By.id("order-search"));
        search.sendKeys(buyer);
        search.submit();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("orders")));
        assertThat(driver.findElement(By.id("orders")).getText()).contains(order.purchaseOrderId())
                .doesNotContain(buyer);
        driver.findElement(By.linkText(order.purchaseOrderId())).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("buyer-masked")));
        assertThat(driver.getPageSource()).doesNotContain(buyer);

        driver.findElement(By.id("reveal-buyer")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("buyer-revealed")));
        assertThat(driver.findElement(By.id("buyer-revealed")).getText()).contains(buyer);
    }
}
