package dev.esm.accounts;

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
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import dev.esm.HeadlessChromium;
import dev.esm.IntegrationTest;
import dev.esm.TestOperators;
import dev.esm.WebClient;
import dev.esm.shipping.TestShipping;

/**
 * A seller with a synced store, in a real headless Chromium: exports their data (progress, then the download link, whose
 * ZIP is fetched), deletes their account (a wrong password first: refused beside the field, nothing deleted; then the
 * right one: signed out, told what happens), and can no longer sign in: refused with the same words as an unknown
 * account. Screenshots in {@code target/screenshots/account-*}.
 */
class AccountDataBrowserTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    TestShipping shipping;

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
    void exportMyDataDeleteMyAccountAndSignInIsRefused() {
        try {
            journey();
        } catch (RuntimeException | AssertionError e) {
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
        TestShipping.Shop shop = shipping.shop("Browser Leaver", 2);
        String email = shop.owner().email();
        signIn(email, TestOperators.PASSWORD);

        // Export my data: progress, then the link; the ZIP it leads to is the operator's
        open("/account", "Account");
        ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("document.getElementById('your-data').scrollIntoView()");
        chromium.screenshot("account-your-data");
        driver.findElement(By.id("export-data")).click();
        wait.until(ExpectedConditions.urlMatches("^" + base + "/account/export/[0-9a-f-]{36}$"));
        WebElement link = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("download-export")));
        chromium.screenshot("account-export-ready");
        assertThat(driver.findElement(By.id("export")).getText()).contains("Your export is ready").contains("until");
        String href = link.getAttribute("href");
        WebClient http = new WebClient(base);
        http.signIn(email, TestOperators.PASSWORD);
        WebClient.Response zip = http.get(href.substring(base.length()));
        assertThat(zip.status()).isEqualTo(200);
        assertThat(zip.body()).startsWith("PK");
        assertThat(zip.header("Content-Type")).startsWith("application/zip");

        // Delete my account: a wrong password is refused beside the field, and nothing happens
        open("/account", "Account");
        driver.findElement(By.id("delete-account-link")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Delete my account"));
        chromium.screenshot("account-delete-confirm");
        driver.findElement(By.id("delete-password")).sendKeys("not my password at all");
        driver.findElement(By.id("confirm-delete")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("delete-password-error")));
        assertThat(error.getText()).contains("password");
        chromium.screenshot("account-delete-wrong-password");
        open("/account", "Account");

        // the right password: signed out, told what happens
        driver.findElement(By.id("delete-account-link")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Delete my account"));
        driver.findElement(By.id("delete-password")).sendKeys(TestOperators.PASSWORD);
        driver.findElement(By.id("confirm-delete")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Your account is being deleted"));
        assertThat(driver.findElements(By.id("sign-out"))).isEmpty();
        chromium.screenshot("account-deleted");
        driver.get(base + "/account");
        wait.until(ExpectedConditions.urlMatches("^" + base + "/login"));
        // the other browser's session ended too
        assertThat(http.get("/account").status()).isEqualTo(302);

        // Sign-in refused, in the same words as for an account that never existed
        String refused = signInRefused(email, TestOperators.PASSWORD);
        chromium.screenshot("account-deleted-sign-in-refused");
        String unknown = signInRefused("nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test",
                TestOperators.PASSWORD);
        assertThat(refused).isNotBlank().isEqualTo(unknown);
    }

    private void signIn(String email, String password) {
        open("/login", "Sign in");
        WebElement form = driver.findElement(By.cssSelector("form[action='/login']"));
        form.findElement(By.name("username")).sendKeys(email);
        form.findElement(By.name("password")).sendKeys(password);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-out")));
    }

    private String signInRefused(String email, String password) {
        open("/login", "Sign in");
        WebElement form = driver.findElement(By.cssSelector("form[action='/login']"));
        form.findElement(By.name("username")).sendKeys(email);
        form.findElement(By.name("password")).sendKeys(password);
        form.findElement(By.cssSelector("button[type=submit]")).click();
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-error"))).getText();
    }

    private void open(String path, String heading) {
        driver.get(base + path);
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), heading));
    }
}
