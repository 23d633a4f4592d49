package dev.esm.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
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
import dev.esm.shared.Marketplace;
import dev.esm.stores.StoreInvitations;
import dev.esm.stores.Stores;

/**
 * The activity log and the access review in Chromium, at desktop and phone width: a seller finds a failed sign-in on
 * their account, filters to it, meets a date they typed wrong beside the field, and sees who can reach their store.
 */
class AuditBrowserTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Dimension DESKTOP = new Dimension(1280, 900);
    private static final Dimension PHONE = new Dimension(390, 844);

    @Autowired
    Stores stores;
    @Autowired
    StoreInvitations invitations;

    private HeadlessChromium chromium;
    private WebDriver driver;
    private WebDriverWait wait;
    private String base;

    @BeforeEach
    void start() throws IOException {
        chromium = HeadlessChromium.start();
        driver = chromium.driver();
        wait = new WebDriverWait(driver, WAIT);
        base = "http://localhost:" + port;
    }

    @AfterEach
    void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void aSellerFindsAFailedSignInFiltersByDateAndReviewsWhoCanReachTheirStore() {
        TestOperator seller = operators.create("Careful Seller");
        UUID store = ActingOperator.runAs(seller.id(), () -> stores.add(Marketplace.WALMART, "Careful Goods",
                TestSandbox.walmartCredentials("careful-" + UUID.randomUUID(), "careful-secret"), "test").id());
        ActingOperator.runAs(seller.id(), () -> invitations.invite(store, "packer-" + UUID.randomUUID()
                + "@example.test", "test"));
        browser().signIn(seller.email(), "Not-The-Password-1");
        driver.manage().window().setSize(DESKTOP);
        signIn(seller);

        driver.get(base + "/account");
        driver.findElement(By.id("audit-link")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("audit")));
        assertThat(rows()).contains("Signed in", "Sign-in failed (wrong email or password)", "Created the account");
        chromium.screenshot("audit-own-desktop");

        new Select(driver.findElement(By.id("filter-action"))).selectByValue("account.sign-in-failed");
        driver.findElement(By.cssSelector("#audit-filters button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("action=account.sign-in-failed"));
        assertThat(rows()).containsOnly("Sign-in failed (wrong email or password)");

        driver.get(base + "/account/audit?from=2026-13-40");
        WebElement error = wait.until(ExpectedConditions.presenceOfElementLocated(By.id("from-error")));
        assertThat(error.getText()).contains("year-month-day");
        driver.manage().window().setSize(PHONE);
        chromium.screenshot("audit-own-bad-date-phone");
        assertThat(pageWidth()).as("page width at 390 px").isLessThanOrEqualTo(390);

        driver.get(base + "/account/audit");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("audit")));
        chromium.screenshot("audit-own-phone");
        assertThat(pageWidth()).isLessThanOrEqualTo(390);

        driver.get(base + "/stores");
        driver.findElement(By.id("access-review-link")).click();
        WebElement section = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("section[data-store='" + store + "']")));
        assertThat(section.getText()).contains("Careful Goods").contains("Owner").contains(seller.email())
                .contains("Invited, not answered yet");
        chromium.screenshot("access-review-phone");
        assertThat(pageWidth()).isLessThanOrEqualTo(390);
        driver.manage().window().setSize(DESKTOP);
        chromium.screenshot("access-review-desktop");
    }

    private java.util.List<String> rows() {
        return driver.findElements(By.cssSelector("#audit tbody tr td:nth-child(2)")).stream()
                .map(WebElement::getText).toList();
    }

    private long pageWidth() {
        return ((Number) ((JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollWidth")).longValue();
    }

    private void signIn(TestOperator operator) {
        driver.get(base + "/login");
        driver.findElement(By.name("username")).sendKeys(operator.email());
        driver.findElement(By.name("password")).sendKeys(operator.password());
        driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-out")));
    }
}
