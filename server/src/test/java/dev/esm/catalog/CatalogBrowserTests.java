package dev.esm.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

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
import dev.esm.catalog.internal.SyncListings;
import dev.esm.stores.Stores;

/**
 * The catalog page in Chromium at 1440×900 and 390×844: products with their listings on each marketplace, prices as
 * money, filters that narrow what is shown, a search by SKU prefix, the next page, and nothing wider than a phone.
 */
class CatalogBrowserTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Dimension DESKTOP = new Dimension(1440, 900);
    private static final Dimension PHONE = new Dimension(390, 844);

    @Autowired
    Stores stores;
    @Autowired
    SyncListings sync;

    private HeadlessChromium chromium;
    private WebDriver driver;
    private WebDriverWait wait;
    private String base;

    @BeforeEach
    void start() throws IOException {
        chromium = HeadlessChromium.start();
        driver = chromium.driver();
        driver.manage().window().setSize(DESKTOP);
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
    void theCatalogShowsProductsAcrossMarketplacesFiltersSearchesAndFitsAPhone() {
        CatalogSellers seller = CatalogSellers.create(operators, stores, "Browser Catalog").synced(sync);
        driver.get(base + "/login");
        driver.findElement(By.name("username")).sendKeys(seller.owner().email());
        driver.findElement(By.name("password")).sendKeys(seller.owner().password());
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sign-out")));

        driver.findElement(By.id("nav-catalog")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("catalog-page")));
        assertThat(driver.findElement(By.id("nav-catalog")).getAttribute("aria-current")).isEqualTo("page");
        List<WebElement> products = driver.findElements(By.cssSelector("#products .product"));
        assertThat(products).hasSize(50);
        assertThat(driver.findElements(By.cssSelector("#products .product .listing")).size())
                .as("products listed on several marketplaces").isGreaterThan(50);
        assertThat(driver.findElements(By.cssSelector(".listing .price"))).extracting(WebElement::getText)
                .allMatch(price -> price.equals("—") || price.matches("\\$[0-9,]+\\.[0-9]{2,3}"));
        chromium.screenshot("catalog-desktop");

        assertThat(driver.findElement(By.id("filters")).getAttribute("open")).as("no filter: the panel is closed")
                .isNull();
        openFilters();
        new Select(driver.findElement(By.id("filter-marketplace"))).selectByValue("AMAZON");
        driver.findElement(By.id("filter-issues")).click();
        driver.findElement(By.cssSelector("#catalog-filters button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("marketplace=AMAZON"));
        assertThat(driver.findElement(By.id("filters")).getAttribute("open")).as("filters applied: shown").isNotNull();
        List<WebElement> filtered = driver.findElements(By.cssSelector("#products .listing"));
        assertThat(filtered).isNotEmpty().allMatch(row -> row.getAttribute("data-marketplace").equals("AMAZON"));
        assertThat(driver.findElements(By.cssSelector("#products .listing details.issues"))).hasSize(filtered.size());
        WebElement issues = driver.findElement(By.cssSelector("#products .listing details.issues"));
        issues.findElement(By.tagName("summary")).click();
        assertThat(issues.findElement(By.tagName("ul")).getText()).isNotBlank();
        chromium.screenshot("catalog-amazon-issues");

        driver.get(base + "/catalog");
        driver.findElement(By.id("page-next")).click();
        wait.until(ExpectedConditions.urlContains("after="));
        assertThat(driver.findElements(By.cssSelector("#products .product"))).isNotEmpty();
        assertThat(driver.findElement(By.id("page-first")).isDisplayed()).isTrue();

        driver.get(base + "/catalog");
        openFilters();
        driver.findElement(By.id("catalog-search")).sendKeys("esm-mug");
        driver.findElement(By.cssSelector("#catalog-filters button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("q=esm-mug"));
        assertThat(driver.findElements(By.cssSelector("#products .product"))).isNotEmpty()
                .allMatch(p -> p.getAttribute("data-sku").startsWith("ESM-MUG"));

        driver.manage().window().setSize(PHONE);
        driver.get(base + "/catalog");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("products")));
        long scrollWidth = (Long) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth");
        long innerWidth = (Long) ((JavascriptExecutor) driver).executeScript("return window.innerWidth");
        assertThat(scrollWidth).as("nothing wider than the phone").isLessThanOrEqualTo(innerWidth);
        chromium.screenshot("catalog-phone");
        WebElement listing = driver.findElement(By.cssSelector("#products .listing .store-name"));
        listing.click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("listing-page")));
        chromium.screenshot("catalog-listing-phone");
    }

    private void openFilters() {
        if (driver.findElement(By.id("filters")).getAttribute("open") == null) {
            driver.findElement(By.cssSelector("#filters summary")).click();
        }
    }
}
