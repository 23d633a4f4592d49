package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

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
import org.springframework.context.ApplicationContext;

import dev.esm.HeadlessChromium;
import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.orders.internal.OrderSyncScheduler;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.sandbox.amazon.AmazonOrder;
import dev.esm.sandbox.amazon.AmazonSeller;

/**
 * The order journey in a real browser: connect an Amazon store through the sandbox's consent page, ask for a sync and
 * watch its live progress, find an order by the buyer's name, open it and reveal the buyer.
 */
class OrdersBrowserTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    OrderSyncScheduler tasks;
    @Autowired
    DataSource dataSource;
    @Autowired
    ApplicationContext context;

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
    void connectAnAmazonStoreWatchItsFirstSyncFindAnOrderByBuyerAndRevealTheBuyer() {
        AmazonSeller seller = TestSandbox.amazon().registerSeller().generateOrders(40, Duration.ofDays(5));
        AmazonOrder order = seller.orders().get(7);
        String buyer = order.buyer().fullName();
        TestOperator operator = operators.create("Browser Seller");
        WebDriver driver = chromium.driver();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        String base = "http://localhost:" + port;

        driver.get(base + "/login");
        driver.findElement(By.name("username")).sendKeys(operator.email());
        driver.findElement(By.name("password")).sendKeys(operator.password());
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        // signing in opens Today
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("today")));
        driver.get(base + "/stores");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("add-store")));

        WebElement form = driver.findElement(By.id("add-store"));
        new Select(form.findElement(By.name("marketplace"))).selectByValue("AMAZON");
        form.findElement(By.name("name")).sendKeys("Browser Amazon");
        form.findElement(By.cssSelector("button[type=submit]")).click();

        // the sandbox's Seller Central consent page, then back to ESM
        wait.until(ExpectedConditions.elementToBeClickable(By.id("connect-store"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("selling_partner_id")));
        new Select(driver.findElement(By.id("selling_partner_id"))).selectByValue(seller.sellingPartnerId());
        driver.findElement(By.cssSelector("button[value=authorize]")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".flash.ok"), "Connected to Amazon"));

        driver.findElement(By.id("sync-link")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("sync-now"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-status"), "Finished: Succeeded"));
        // the store's first sync may be the one the connect started (then "Sync now" follows it, or finds nothing new
        // after it): the run history shows a finished run, and the orders page below shows what it stored
        assertThat(driver.findElement(By.id("live-seen")).getText()).matches("[0-9,]+");
        driver.navigate().refresh();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("sync-runs"), "Succeeded"));
        chromium.screenshot("sync-finished");

        driver.get(base + "/orders?tab=all");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("orders")));
        chromium.screenshot("orders-list");
        WebElement search = driver.findElement(By.id("order-search"));
        search.sendKeys(buyer);
        search.submit();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("orders")));
        assertThat(driver.findElement(By.id("orders")).getText()).contains(order.orderId()).doesNotContain(buyer);
        driver.findElement(By.linkText(order.orderId())).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("buyer-masked")));
        assertThat(driver.getPageSource()).doesNotContain(buyer);

        String orderUrl = driver.getCurrentUrl();
        driver.findElement(By.id("reveal-buyer")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("buyer-revealed")));
        assertThat(driver.findElement(By.id("buyer-revealed")).getText()).contains(buyer);
        assertThat(driver.getCurrentUrl()).as("the reveal redirects to the order's page").startsWith(orderUrl);
        assertThat(reveals(operator)).isEqualTo(1);

        // a reload, back and forward show the revealed buyer again, without posting (and auditing) again
        driver.navigate().refresh();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("buyer-revealed")));
        assertThat(driver.findElement(By.id("buyer-revealed")).getText()).contains(buyer);
        driver.navigate().back();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
        assertThat(driver.findElement(By.tagName("h1")).getText()).doesNotContain("Something went wrong");
        driver.navigate().forward();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("buyer-revealed")));
        assertThat(driver.findElement(By.id("buyer-revealed")).getText()).contains(buyer);
        assertThat(driver.findElement(By.tagName("h1")).getText()).doesNotContain("Something went wrong");
        assertThat(reveals(operator)).as("one reveal, one audit entry").isEqualTo(1);
        chromium.screenshot("order-revealed");
    }

    private int reveals(TestOperator operator) {
        try (Connection db = DatabaseAccess.superuser(context);
             PreparedStatement query = db.prepareStatement(
                     "select count(*) from esm.audit_event where actor_id = ? and action = 'order.reveal-buyer'")) {
            query.setObject(1, operator.id());
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
