package dev.esm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium driven by its chromedriver, headless, with a fresh profile; nothing is downloaded (the driver
 * path is explicit, so Selenium Manager never runs). Without them a browser test is skipped, unless
 * ESM_REQUIRE_BROWSER is "true" (CI), where it fails.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final WebDriver driver;
    private final Path profile;

    private HeadlessChromium(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Checked per test (not in @BeforeAll) so that a skip shows up as a skipped test in the reports. */
    public static void requireBrowser() {
        boolean installed = Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM);
        if (!installed) {
            String message = "chromium/chromium-driver are not installed (" + CHROMIUM + " and " + CHROMEDRIVER
                    + " are needed; install them with: apt-get install -y chromium chromium-driver)";
            if ("true".equals(System.getenv("ESM_REQUIRE_BROWSER"))) {
                throw new AssertionError("ESM_REQUIRE_BROWSER=true but " + message);
            }
            Assumptions.assumeTrue(false, message + "; skipping the browser tests");
        }
    }

    public static HeadlessChromium start() throws IOException {
        requireBrowser();
        Path profile = Files.createTempDirectory("esm-chromium-");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
                "--password-store=basic", "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("credentials_enable_service", false,
                "profile.password_manager_enabled", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new HeadlessChromium(driver, profile);
    }

    public WebDriver driver() {
        return driver;
    }

    /**
     * Signs in on {@code base}'s sign-in page as a seller would and waits until the page after it (Today) shows the
     * sign-out button: the one way browser tests sign in.
     */
    public static void signIn(WebDriver driver, String base, String email, String password) {
        driver.get(base + "/login");
        driver.findElement(org.openqa.selenium.By.name("username")).sendKeys(email);
        driver.findElement(org.openqa.selenium.By.name("password")).sendKeys(password);
        driver.findElement(org.openqa.selenium.By.cssSelector("form[action='/login'] button[type=submit]")).click();
        new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(60)).until(
                org.openqa.selenium.support.ui.ExpectedConditions.presenceOfElementLocated(
                        org.openqa.selenium.By.id("sign-out")));
    }

    /** Where {@link #screenshot} writes: {@code server/target/screenshots}, to be looked at after a run. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /**
     * Saves what the page shows now as {@code target/screenshots/<name>.png} at the desktop width (1280 px) and as
     * {@code <name>-phone.png} at a phone's (390 px), so that a person can judge the page as a seller sees it.
     */
    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Dimension desktop = driver.manage().window().getSize();
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(new Dimension(390, 844));
            Files.write(SCREENSHOTS.resolve(name + "-phone.png"),
                    ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(desktop);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> paths = Files.walk(profile)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
