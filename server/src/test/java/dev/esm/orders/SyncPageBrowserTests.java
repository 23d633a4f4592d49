package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import dev.esm.HeadlessChromium;
import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.orders.internal.OrderSyncScheduler;
import dev.esm.platform.ActingOperator;
import dev.esm.sandbox.walmart.WalmartSeller;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Stores;

/**
 * The sync page in a real browser: a sync that runs while the page is open shows up in the history and ends there as
 * finished, without a reload, with times to the second and counts in words ("1 page").
 */
class SyncPageBrowserTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TIME = "(\\w{3} \\d{1,2}, )?\\d{2}:\\d{2}:\\d{2}";

    @Autowired
    OrderSyncScheduler tasks;
    @Autowired
    DataSource dataSource;
    @Autowired
    Stores stores;

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
    void theHistoryShowsTheRunFinishedAsSoonAsTheLiveCardDoes() {
        TestOperator owner = operators.create("Sync Page Seller");
        WalmartSeller seller = TestSandbox.walmartSeller().generateOrders(4);
        // connected: its first sync is scheduled, but no scheduler node runs yet
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Live History",
                new StoreCredentials.Walmart(seller.clientId(), seller.clientSecret()), "test").id());
        WebDriver driver = chromium.driver();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        String base = "http://localhost:" + port;
        driver.get(base + "/login");
        driver.findElement(By.name("username")).sendKeys(owner.email());
        driver.findElement(By.name("password")).sendKeys(owner.password());
        driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-out")));

        driver.get(base + "/stores/" + store + "/sync");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "No sync has run yet."));
        assertThat(driver.findElement(By.id("live-status")).getAttribute("aria-live")).isEqualTo("polite");

        // the store's first sync runs while the page is open
        node = tasks.newNode(dataSource, "sync-page-browser-node");
        node.start();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-status"), "Finished: Succeeded"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sync-runs")));
        wait.until(d -> outcomes(d).contains("Succeeded"));
        assertThat(outcomes(driver)).as("no run left running in the history once the live card says finished")
                .doesNotContain("Running").hasSize(1);
        assertThat(column(driver, "td:nth-child(1)")).singleElement().asString().matches(TIME);
        String counts = driver.findElement(By.id("live-counts")).getText();
        int pages = Integer.parseInt(counts.substring(0, counts.indexOf(' ')).replace(",", ""));
        assertThat(pages).isPositive();
        assertThat(counts).startsWith(pages == 1 ? "1 page," : pages + " pages,").contains("4 orders seen");
        assertThat(column(driver, "td:nth-child(4)")).containsExactly(String.valueOf(pages));
        assertThat(wait.until(ExpectedConditions.presenceOfElementLocated(By.id("poll-interval"))).getText())
                .as("the interval shows up with the first run, without a reload").startsWith("every ");
        chromium.screenshot("sync-page");

        // "Sync now" runs a second sync, which also ends in the history without a reload
        driver.findElement(By.id("sync-now")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("live-status"), "Finished: "));
        wait.until(d -> outcomes(d).size() == 2);
        assertThat(outcomes(driver)).doesNotContain("Running");
    }

    /** The history's outcome column, read at once (the page's script may replace the table at any moment). */
    private static List<String> outcomes(WebDriver driver) {
        return column(driver, "td.outcome");
    }

    @SuppressWarnings("unchecked")
    private static List<String> column(WebDriver driver, String cells) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript("return Array.from(document"
                + ".querySelectorAll('#sync-runs tbody tr')).map(r => r.querySelector(arguments[0]).textContent.trim());",
                cells);
    }
}
