package dev.esm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.esm.HeadlessChromium;
import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.WebClient;

/**
 * What every page has, in a real browser: error pages with the site navigation, the current section marked, a skip
 * link, a favicon that is found, visible keyboard focus, typed text not bold, and the add-store form showing only the
 * chosen marketplace's credential fields.
 */
class PageChromeBrowserTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

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
    void errorPagesHaveTheNavigationWithTheSectionOfTheAddressThatFailed() {
        signIn(operators.create("Error Page Seller"));
        driver.get(base + "/orders/" + UUID.randomUUID());
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Not found"));
        WebElement nav = driver.findElement(By.cssSelector("header nav"));
        assertThat(nav.findElements(By.tagName("a"))).extracting(WebElement::getText)
                .contains("Orders", "Batches", "Stores", "Account");
        assertThat(nav.findElement(By.cssSelector("a[aria-current=page]")).getText()).isEqualTo("Orders");
        chromium.screenshot("error-not-found");

        driver.get(base + "/admin");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("error-message")));
        assertThat(driver.findElement(By.cssSelector("header nav")).getText()).contains("Orders").contains("Stores");

        // a refusal Tomcat answers before any controller (malformed percent-encoding) has the navigation too
        driver.get(base + "/stores/%zz");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("error-message")));
        assertThat(driver.findElement(By.cssSelector("header nav")).getText()).contains("Orders").contains("Stores");
    }

    @Test
    void theCurrentPageIsMarkedAndASkipLinkLeadsPastTheNavigation() {
        signIn(operators.create("Navigation Seller"));
        driver.get(base + "/stores");
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Stores"));
        assertThat(driver.findElements(By.cssSelector("header nav a[aria-current=page]")))
                .extracting(WebElement::getText).containsExactly("Stores");
        driver.get(base + "/account");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("header nav a[aria-current=page]")));
        assertThat(driver.findElements(By.cssSelector("header nav a[aria-current=page]")))
                .extracting(WebElement::getText).containsExactly("Account");

        // the first Tab reaches the skip link, which shows itself and moves the focus past the navigation
        new Actions(driver).sendKeys(Keys.TAB).perform();
        WebElement skip = driver.switchTo().activeElement();
        assertThat(skip.getText()).isEqualTo("Skip to content");
        assertThat(skip.getRect().getY()).as("visible when focused").isGreaterThanOrEqualTo(0);
        assertThat(outline(skip)).as("keyboard focus is visible").isNotEqualTo("none");
        skip.sendKeys(Keys.ENTER);
        new Actions(driver).sendKeys(Keys.TAB).perform();
        WebElement next = driver.switchTo().activeElement();
        assertThat(next.findElements(By.xpath("ancestor::header"))).as("focus left the navigation").isEmpty();
    }

    @Test
    void theFaviconIsServedToEveryone() {
        WebClient anonymous = new WebClient(base);
        WebClient.Response icon = anonymous.get("/favicon.ico");
        assertThat(icon.status()).isEqualTo(200);
        assertThat(icon.header("Content-Type")).startsWith("image/");
        driver.get(base + "/login");
        WebElement link = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("link[rel=icon]")));
        assertThat(link.getAttribute("href")).isEqualTo(base + "/favicon.ico");
    }

    @Test
    void typedTextIsNotBoldAndTheAddStoreFormShowsOnlyTheChosenMarketplacesFields() {
        signIn(operators.create("Form Seller"));
        WebElement form = driver.findElement(By.id("add-store"));
        WebElement name = form.findElement(By.name("name"));
        name.sendKeys("Plain text");
        assertThat(Integer.parseInt(name.getCssValue("font-weight"))).isLessThan(600);

        Select marketplace = new Select(form.findElement(By.name("marketplace")));
        WebElement walmartFields = form.findElement(By.cssSelector("fieldset[data-marketplace=WALMART]"));
        marketplace.selectByValue("WALMART");
        assertThat(walmartFields.isDisplayed()).isTrue();
        marketplace.selectByValue("AMAZON");
        assertThat(walmartFields.isDisplayed()).as("Walmart's fields with Amazon chosen").isFalse();
        marketplace.selectByValue("EBAY");
        assertThat(walmartFields.isDisplayed()).as("Walmart's fields with eBay chosen").isFalse();
        marketplace.selectByValue("WALMART");
        assertThat(walmartFields.isDisplayed()).isTrue();
    }

    private String outline(WebElement element) {
        return (String) ((JavascriptExecutor) driver).executeScript(
                "return getComputedStyle(arguments[0]).outlineStyle;", element);
    }

    private void signIn(TestOperator operator) {
        driver.get(base + "/login");
        driver.findElement(By.name("username")).sendKeys(operator.email());
        driver.findElement(By.name("password")).sendKeys(operator.password());
        driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        // sign-in lands on Today; these checks start from the Stores page and its add-store form
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-out")));
        driver.get(base + "/stores");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("add-store")));
    }
}
