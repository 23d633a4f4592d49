package dev.esm.stores;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.esm.HeadlessChromium;
import dev.esm.IntegrationTest;
import dev.esm.TestSandbox;
import dev.esm.WebClient;

/**
 * The stores journey in a real headless Chromium ({@link HeadlessChromium}): sign up, sign in, add a Walmart store,
 * and check that a second operator neither lists nor opens it.
 */
class StoresBrowserTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PASSWORD = "browser journey passphrase";

    private HeadlessChromium chromium;
    private WebDriver driver;
    private WebDriverWait wait;
    private String base;

    @BeforeEach
    void startBrowser() throws IOException {
        chromium = HeadlessChromium.start();
        driver = chromium.driver();
        wait = new WebDriverWait(driver, WAIT);
        base = "http://localhost:" + port;
    }

    @AfterEach
    void quitBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void signUpSignInAddWalmartStoreAndASecondOperatorDoesNotSeeIt() {
        try {
            journey();
        } catch (RuntimeException | AssertionError e) {
            // For the surefire output: where the browser was when the journey failed.
            try {
                System.err.println("Browser journey failed at " + driver.getCurrentUrl() + "; page:\n"
                        + driver.getPageSource());
            } catch (RuntimeException unavailable) {
                e.addSuppressed(unavailable);
            }
            throw e;
        }
    }

    private void journey() {
        String random = UUID.randomUUID().toString().substring(0, 8);
        String email = "browser-" + random + "@example.test";
        String storeName = "Browser Test Store " + random;
        String clientId = "browser-client-" + random;
        String clientSecret = "browser-secret-" + UUID.randomUUID();
        TestSandbox.walmartCredentials(clientId, clientSecret);

        signUp("Browser Operator", email);
        signIn(email);

        // Add a Walmart store.
        chromium.screenshot("stores-empty");
        WebElement form = driver.findElement(By.id("add-store"));
        new Select(form.findElement(By.name("marketplace"))).selectByValue("WALMART");
        form.findElement(By.name("name")).sendKeys(storeName);
        form.findElement(By.name("clientId")).sendKeys(clientId);
        form.findElement(By.name("clientSecret")).sendKeys(clientSecret);
        form.findElement(By.cssSelector("button[type=submit]")).click();

        wait.until(ExpectedConditions.urlMatches("^" + base + "/stores/[0-9a-f-]{36}$"));
        wait.until(ExpectedConditions.textToBe(By.id("store-title"), storeName));
        String storeUrl = driver.getCurrentUrl();
        waitForNotice("Store added.");
        chromium.screenshot("store-added");
        assertThat(driver.findElement(By.cssSelector("dl.facts")).getText())
                .contains("Walmart").contains("Set (kept encrypted, never shown)");
        assertThat(driver.getPageSource()).doesNotContain(clientSecret);

        // It is listed on the stores page, without its secret.
        open("/stores", "Stores");
        WebElement table = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("stores")));
        assertThat(table.findElements(By.cssSelector("a.store-name")))
                .extracting(WebElement::getText).contains(storeName);
        assertThat(table.getText()).contains(storeName);
        chromium.screenshot("stores-list");
        assertThat(driver.getPageSource()).doesNotContain(clientSecret);

        // Sign out: the session is over.
        signOut();
        driver.get(base + "/stores");
        wait.until(ExpectedConditions.urlMatches("^" + base + "/login"));

        // A second operator in the same browser neither lists nor opens the first operator's store.
        String otherEmail = "browser-other-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        signUp("Other Browser Operator", otherEmail);
        signIn(otherEmail);
        assertThat(driver.getPageSource()).doesNotContain(storeName).doesNotContain(clientSecret);
        assertThat(driver.findElements(By.cssSelector("#stores a.store-name")))
                .extracting(WebElement::getText).doesNotContain(storeName);

        driver.get(storeUrl);
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Not found"));
        assertThat(driver.getTitle()).startsWith("Not found");
        assertThat(driver.getPageSource()).doesNotContain(storeName).doesNotContain(clientSecret);

        // The same refusal as an HTTP status, for the same operator.
        WebClient http = browser();
        assertThat(http.signIn(otherEmail, PASSWORD).status()).isEqualTo(302);
        WebClient.Response response = http.get(storeUrl.substring(base.length()));
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).contains("Not found").doesNotContain(storeName);
    }

    private void signUp(String name, String email) {
        open("/signup", "Create an account");
        WebElement form = driver.findElement(By.cssSelector("form[action='/signup']"));
        form.findElement(By.name("name")).sendKeys(name);
        form.findElement(By.name("email")).sendKeys(email);
        form.findElement(By.name("password")).sendKeys(PASSWORD);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.urlToBe(base + "/login?signed-up"));
        waitForNotice("Your account is ready");
    }

    private void signIn(String email) {
        if (!driver.getCurrentUrl().startsWith(base + "/login")) {
            open("/login", "Sign in");
        }
        WebElement form = driver.findElement(By.cssSelector("form[action='/login']"));
        form.findElement(By.name("username")).sendKeys(email);
        form.findElement(By.name("password")).sendKeys(PASSWORD);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        // Straight to /today, or /stores?continue when a signed-out visit to /stores was saved for after sign-in.
        wait.until(ExpectedConditions.urlMatches("^" + base + "/(today|stores\\?continue)$"));
        if (driver.getCurrentUrl().endsWith("/today")) {
            open("/stores", "Stores");
        }
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Stores"));
    }

    private void signOut() {
        wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-out"))).click();
        wait.until(ExpectedConditions.urlToBe(base + "/login?signed-out"));
        waitForNotice("You are signed out");
    }

    /** Waits for a status notice ({@code p.flash.ok}) containing the text; the page may show more than one. */
    private void waitForNotice(String text) {
        new WebDriverWait(driver, WAIT).withMessage(() -> "a notice containing \"" + text + "\"")
                .until(d -> d.findElements(By.cssSelector("p.flash.ok")).stream()
                        .anyMatch(notice -> notice.getText().contains(text)));
    }

    private void open(String path, String heading) {
        driver.get(base + path);
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), heading));
    }
}
