package dev.esm.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import dev.esm.HeadlessChromium;
import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.jobs.Jobs;
import dev.esm.sandbox.ebay.EbaySeller;
import dev.esm.shared.Marketplace;
import dev.esm.stores.Stores;

/**
 * The owner of a store whose eBay seller account was closed sees it on the store page: not connected, since when and
 * why (desktop and phone screenshots in target/screenshots).
 */
class AccountDeletionBrowserTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    Stores stores;
    @Autowired
    Jobs jobs;

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
    void theStorePageSaysTheSellerAccountWasClosed() throws Exception {
        TestOperator owner = operators.create("Closing Seller");
        EbaySeller seller = TestSandbox.ebay().registerSeller("closing_" + UUID.randomUUID().toString().substring(0, 8));
        String refreshToken = TestSandbox.ebay().issueRefreshToken(TestSandbox.ebayApp(), seller);
        String name = "Vintage finds " + UUID.randomUUID().toString().substring(0, 4);
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.EBAY, name,
                new StoreCredentials.Ebay(refreshToken, seller.userId()), "test").id());

        int status = TestSandbox.ebay().notifications().send(
                URI.create("http://localhost:" + port + "/webhooks/ebay/account-deletion"), seller.username(),
                seller.userId());
        assertThat(status).isEqualTo(204);
        Instant until = Instant.now().plus(WAIT);
        while (ActingOperator.runAs(owner.id(), () -> stores.get(store).credentialsSet())) {
            assertThat(Instant.now()).as("store disconnected in time").isBefore(until);
            jobs.runDue("marketplace-account-deletion", 10);
            Thread.sleep(100);
        }

        WebDriver driver = chromium.driver();
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        driver.get("http://localhost:" + port + "/login");
        driver.findElement(By.name("username")).sendKeys(owner.email());
        driver.findElement(By.name("password")).sendKeys(owner.password());
        driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-out")));
        driver.get("http://localhost:" + port + "/stores/" + store);
        String notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("store-disconnected")))
                .getText();
        assertThat(notice).startsWith("Disconnected on ").contains("eBay closed the seller account");
        assertThat(driver.findElement(By.id("store-health")).getText()).contains("Not connected");
        chromium.screenshot("store-disconnected-account-closed");
    }
}
