package dev.esm.orders;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.HeadlessChromium;
import dev.esm.IntegrationTest;
import dev.esm.shipping.TestShipping;
import dev.esm.shipping.TestShipping.Shop;

/**
 * The shipping desk in Chromium at 1440×900 and 390×844: each Today count opens the orders grid filtered to exactly
 * that many orders; the grid sorts by ship-by and order number, pages without repeating an order, selects all on a
 * page with a count; and no table on the seller's pages hides a column at a phone's width.
 */
class DeskBrowserTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Dimension DESKTOP = new Dimension(1440, 900);
    private static final Dimension PHONE = new Dimension(390, 844);

    @Autowired
    TestShipping shipping;
    @Autowired
    ApplicationContext context;

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
    void todayCountsOpenTheGridFilteredToThemAndTheGridSortsPagesAndSelectsAll() throws Exception {
        Shop shop = shipping.shop("Desk Seller", 60);
        DeskFixture fixture = DeskFixture.spread(context, shop.store(), Instant.now());
        signIn(shop);
        chromium.screenshot("today");

        assertThat(figure("today-awaiting")).isEqualTo(fixture.shipBy.size());
        assertThat(figure("today-late")).isEqualTo(fixture.late(Instant.now())).isPositive();
        assertThat(figure("today-at-risk")).isPositive();
        for (String tile : List.of("today-awaiting", "today-late", "today-due-today", "today-at-risk")) {
            driver.get(base + "/today");
            long count = figure(tile);
            driver.findElement(By.id(tile)).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("orders-total")));
            assertThat(driver.findElement(By.cssSelector("#orders-total strong")).getText()).as(tile)
                    .isEqualTo(String.valueOf(count));
            assertThat(rows()).as(tile).hasSize((int) Math.min(count, 50));
            if (tile.equals("today-late")) {
                assertThat(driver.findElements(By.cssSelector("#orders tbody tr .due.late"))).hasSize((int) count);
            }
        }

        // the default grid: awaiting shipment, ship-by oldest first, 25 a page
        driver.get(base + "/orders?size=25");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("orders")));
        assertThat(driver.findElement(By.id("tab-awaiting")).getAttribute("aria-current")).isEqualTo("page");
        assertThat(driver.findElement(By.cssSelector("#orders tbody")).getText()).doesNotContain("UNSHIPPED")
                .contains("Awaiting shipment", "$");
        int pages = (fixture.shipBy.size() + 24) / 25;
        assertThat(driver.findElement(By.id("page-of")).getText()).isEqualTo("Page 1 of " + pages);
        List<String> firstPage = attribute("data-ship-by");
        assertThat(firstPage).hasSize(25);
        assertThat(instants(firstPage)).isSortedAccordingTo(Comparator.naturalOrder());
        List<String> firstOrders = attribute("data-order");
        chromium.screenshot("orders-grid");

        driver.findElement(By.id("page-next")).click();
        wait.until(ExpectedConditions.textToBe(By.id("page-of"), "Page 2 of " + pages));
        List<String> secondPage = attribute("data-ship-by");
        assertThat(instants(secondPage).get(0)).isAfterOrEqualTo(instants(firstPage).get(24));
        Set<String> both = new HashSet<>(firstOrders);
        both.retainAll(attribute("data-order"));
        assertThat(both).as("orders on both pages").isEmpty();

        driver.findElement(By.id("sort-ship-by")).click();
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("th[aria-sort=descending] a"), "id", "sort-ship-by"));
        assertThat(driver.findElement(By.id("page-of")).getText()).startsWith("Page 1 of");
        assertThat(instants(attribute("data-ship-by"))).isSortedAccordingTo(Comparator.reverseOrder());
        driver.findElement(By.id("sort-order")).click();
        wait.until(ExpectedConditions.attributeToBe(By.cssSelector("th[aria-sort=ascending] a"), "id", "sort-order"));
        assertThat(attribute("data-order")).isSortedAccordingTo(Comparator.naturalOrder());

        // select all on the page, then one fewer
        int onPage = rows().size();
        driver.findElement(By.id("select-all")).click();
        assertThat(driver.findElement(By.id("selected-count")).getText()).isEqualTo(String.valueOf(onPage));
        assertThat(driver.findElements(By.cssSelector("input.order-select:checked"))).hasSize(onPage);
        driver.findElements(By.cssSelector("input.order-select")).get(0).click();
        assertThat(driver.findElement(By.id("selected-count")).getText()).isEqualTo(String.valueOf(onPage - 1));
        assertThat(driver.findElement(By.id("action-bar")).getText()).contains("Buy labels for selected");
        chromium.screenshot("orders-grid-selected");

        // a phone: the orders are cards as wide as the screen, every column's value shown
        driver.manage().window().setSize(PHONE);
        driver.get(base + "/orders");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("orders")));
        long width = (Long) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth;");
        assertThat(width).as("page width at 390 px").isLessThanOrEqualTo(390);
        WebElement card = rows().get(0);
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView();", driver.findElement(By.id("action-bar")));
        chromium.screenshot("orders-cards");
        int cells = driver.findElements(By.cssSelector("#orders thead th")).size();
        assertThat(card.findElements(By.tagName("td"))).hasSize(cells).allMatch(WebElement::isDisplayed);
        @SuppressWarnings("unchecked")
        List<String> labels = (List<String>) ((JavascriptExecutor) driver).executeScript("""
                return Array.prototype.map.call(arguments[0].cells, function (cell) {
                  return getComputedStyle(cell, '::before').content; });""", card);
        // each value carries its column's name (the select box aside)
        assertThat(labels.subList(1, labels.size())).containsExactly("\"Order\"", "\"Store\"", "\"Buyer\"",
                "\"Ship to\"", "\"Items\"", "\"Qty\"", "\"Service\"", "\"Weight\"", "\"Ship by\"",
                "\"Ordered\"", "\"Total\"", "\"Status\"", "\"Tracking\"");
        driver.get(base + "/today");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("today")));
        assertThat((Long) ((JavascriptExecutor) driver).executeScript("return document.documentElement.scrollWidth;"))
                .isLessThanOrEqualTo(390);
    }

    @Test
    void noTableHidesAColumnAtPhoneWidth() throws Exception {
        Shop shop = shipping.shop("Phone Seller", 3);
        signIn(shop);
        driver.manage().window().setSize(PHONE);
        String order = shop.orders().get(0).toString();
        List<String> hidden = new ArrayList<>();
        for (String page : List.of("/orders", "/orders?tab=all", "/orders/" + order, "/stores",
                "/stores/" + shop.store(), "/stores/" + shop.store() + "/sync", "/stores/" + shop.store() + "/shipping",
                "/label-batches", "/account")) {
            driver.get(base + page);
            wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("h1")));
            @SuppressWarnings("unchecked")
            List<String> cells = (List<String>) ((JavascriptExecutor) driver).executeScript("""
                    var hidden = [];
                    document.querySelectorAll('table').forEach(function (table, t) {
                      table.querySelectorAll('tbody tr').forEach(function (row) {
                        Array.prototype.forEach.call(row.cells, function (cell, c) {
                          var style = getComputedStyle(cell);
                          if (style.display === 'none' || style.visibility === 'hidden' || cell.getClientRects().length === 0) {
                            hidden.push('table ' + (table.id || t) + ' column ' + (c + 1));
                          }
                        });
                      });
                    });
                    return hidden;""");
            cells.stream().distinct().forEach(cell -> hidden.add(page + ": " + cell));
        }
        assertThat(hidden).as("cells hidden at 390 px").isEmpty();
        driver.get(base + "/orders/" + order);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("lines")));
        assertThat(driver.findElement(By.id("lines")).getText()).containsIgnoringCase("Qty");
    }

    private void signIn(Shop shop) {
        driver.get(base + "/login");
        driver.findElement(By.name("username")).sendKeys(shop.owner().email());
        driver.findElement(By.name("password")).sendKeys(shop.owner().password());
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("today")));
    }

    private long figure(String tile) {
        return Long.parseLong(driver.findElement(By.cssSelector("#" + tile + " .figure")).getText().replace(",", ""));
    }

    private List<WebElement> rows() {
        return driver.findElements(By.cssSelector("#orders tbody tr"));
    }

    private List<String> attribute(String name) {
        return rows().stream().map(row -> row.getAttribute(name)).toList();
    }

    private static List<Instant> instants(List<String> values) {
        return values.stream().map(Instant::parse).toList();
    }
}
