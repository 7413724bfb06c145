package org.paperboy.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium driven over WebDriver, for end-to-end tests: Debian's {@code chromium} and
 * {@code chromium-driver}, given by path so that Selenium Manager never tries to download a browser or a driver.
 *
 * <p>Where either is missing the calling test is skipped, unless {@code PAPERBOY_REQUIRE_BROWSER=1} is set (as on CI),
 * in which case it fails. Screenshots are taken only when the system property {@code paperboy.screenshots} names a
 * directory.
 */
public final class Browser implements AutoCloseable {

    /** The browser; {@code -Dpaperboy.chromium=PATH} for another. */
    public static final Path CHROMIUM = Path.of(System.getProperty("paperboy.chromium", "/usr/bin/chromium"));
    /** Its driver, of the same major version; {@code -Dpaperboy.chromedriver=PATH} for another. */
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("paperboy.chromedriver", "/usr/bin/chromedriver"));
    public static final String REQUIRE_ENV = "PAPERBOY_REQUIRE_BROWSER";
    public static final String SCREENSHOTS_PROPERTY = "paperboy.screenshots";

    /** The desktop window the tests and the screenshots use. */
    public static final Dimension DESKTOP = new Dimension(1280, 900);
    /** A phone's viewport (CSS pixels), emulated for the phone screenshots. */
    public static final Dimension PHONE = new Dimension(390, 844);

    private static final Duration WAIT = Duration.ofSeconds(15);

    /**
     * Selenium looks for DevTools bindings matching the browser's version and warns when it has none (Debian's Chromium
     * is usually newer than the bindings in the Selenium release). Only raw CDP commands are used here, which need
     * none. Held in a field: java.util.logging keeps loggers weakly, and a collected one forgets its level.
     */
    private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
    }

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;

    private Browser(ChromeDriverService service, ChromeDriver driver, Path profile, Path screenshots) {
        this.service = service;
        this.driver = driver;
        this.profile = profile;
        this.screenshots = screenshots;
    }

    /** Whether Chromium and its driver are installed. */
    public static boolean isAvailable() {
        return missing().isEmpty();
    }

    /**
     * Skips the calling test (a JUnit assumption) when Chromium or its driver is not installed, or fails it where
     * {@code PAPERBOY_REQUIRE_BROWSER=1} says a browser must be there. Call it from a test or a {@code @BeforeEach}:
     * Surefire reports a class skipped in {@code @BeforeAll} as zero tests, without the reason.
     */
    public static void assumeAvailable() {
        String missing = missing();
        if (missing.isEmpty()) {
            return;
        }
        String message = missing + " not found (apt-get install chromium chromium-driver)";
        if ("1".equals(System.getenv(REQUIRE_ENV))) {
            fail(message + "; " + REQUIRE_ENV + "=1 requires the browser tests to run");
        }
        Assumptions.abort(message + "; skipping the browser test (set " + REQUIRE_ENV + "=1 to fail instead)");
    }

    private static String missing() {
        StringBuilder missing = new StringBuilder();
        for (Path p : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(p)) {
                missing.append(missing.isEmpty() ? "" : " and ").append(p);
            }
        }
        return missing.toString();
    }

    /** Starts a fresh headless Chromium with an empty profile and a 1280x900 window. */
    public static Browser start() {
        assumeAvailable();
        Path profile;
        try {
            profile = Files.createTempDirectory("paperboy-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic", "--lang=en-US",
                "--window-size=" + DESKTOP.width + "," + DESKTOP.height,
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteTree(profile);
            throw e;
        }
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Browser browser = new Browser(service, driver, profile, screenshotDirectory());
        try {
            browser.fitViewport(DESKTOP);
        } catch (RuntimeException e) {
            browser.close();
            throw e;
        }
        return browser;
    }

    /**
     * Resizes the window so that the page itself gets {@code size}: headless Chromium's {@code --window-size} counts the
     * (invisible) window frame, which leaves a 1280x900 window a viewport about 140 pixels shorter.
     */
    private void fitViewport(Dimension size) {
        Dimension window = driver.manage().window().getSize();
        long width = (Long) script("return window.innerWidth");
        long height = (Long) script("return window.innerHeight");
        driver.manage().window().setSize(new Dimension(
                window.width + size.width - (int) width, window.height + size.height - (int) height));
        waitFor(d -> Long.valueOf(size.width).equals(script("return window.innerWidth"))
                && Long.valueOf(size.height).equals(script("return window.innerHeight")));
    }

    private static Path screenshotDirectory() {
        String dir = System.getProperty(SCREENSHOTS_PROPERTY);
        if (dir == null || dir.isBlank()) {
            return null;
        }
        try {
            return Files.createDirectories(Path.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Runs JavaScript in the page, as {@link ChromeDriver#executeScript}. */
    public Object script(String script, Object... args) {
        return driver.executeScript(script, args);
    }

    public void open(String url) {
        driver.get(url);
    }

    public WebElement find(By by) {
        return driver.findElement(by);
    }

    /** Waits (up to 15 s) for {@code condition} to give something other than null or false, and returns it. */
    public <T> T waitFor(Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).until(condition);
    }

    /** Waits for an element to be present and visible. */
    public WebElement visible(By by) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Clicks an element once it can be clicked. */
    public void click(WebElement element) {
        waitFor(ExpectedConditions.elementToBeClickable(element)).click();
    }

    /** Types {@code value} into the form's field {@code name}, replacing what it held. */
    public void type(WebElement form, String name, String value) {
        WebElement input = form.findElement(By.name(name));
        input.clear();
        input.sendKeys(value);
    }

    /** Submits a form the way a person does, by clicking its submit button, and waits for the next page. */
    public void submit(WebElement form) {
        click(form.findElement(By.cssSelector("button:not([type=button]):not([type=reset]), input[type=submit]")));
        waitForReload(form);
    }

    /** Waits for the browser to arrive at {@code path}; failing that, says where it is and what error it shows. */
    public void expectPath(String path) {
        try {
            waitFor(d -> URI.create(d.getCurrentUrl()).getPath().equals(path));
        } catch (TimeoutException e) {
            String errors = driver.findElements(By.cssSelector(".form-error, .error")).stream()
                    .map(WebElement::getText).collect(Collectors.joining(" | "));
            throw new AssertionError("expected to arrive at " + path + " but the browser is at "
                    + driver.getCurrentUrl() + (errors.isEmpty() ? "" : ", showing: " + errors), e);
        }
    }

    /** Waits until {@code old} has been replaced, i.e. the page it was on has been left or reloaded. */
    public void waitForReload(WebElement old) {
        waitFor(d -> isGone(old));
        waitFor(d -> "complete".equals(driver.executeScript("return document.readyState")));
    }

    /**
     * Whether the element's page has been left. Chromium answers for an element of a page being replaced with either
     * a stale-element error or "Node with given id does not belong to the document"; Selenium's stalenessOf knows only
     * the first, and a test failed on the second now and then.
     */
    private static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return true;
        } catch (org.openqa.selenium.WebDriverException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    /** Saves the viewport as {@code DIR/name.png} when screenshots were asked for; otherwise does nothing. */
    public void screenshot(String name) {
        if (screenshots == null) {
            return;
        }
        try {
            Files.write(screenshots.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Saves the current page as a phone shows it (390x844 CSS pixels, touch, the page's viewport meta honoured) when
     * screenshots were asked for. Emulated over the DevTools protocol: a desktop window cannot be made that narrow.
     */
    public void phoneScreenshot(String name) {
        if (screenshots == null) {
            return;
        }
        emulatePhone();
        try {
            screenshot(name);
        } finally {
            stopEmulatingPhone();
        }
    }

    /**
     * Lays pages out as a phone does (390x844 CSS pixels, touch, the viewport meta honoured) until
     * {@link #stopEmulatingPhone}; the current page is laid out again before this returns.
     */
    public void emulatePhone() {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", PHONE.width, "height", PHONE.height, "deviceScaleFactor", 1, "mobile", true));
        // screen.width, not innerWidth: a page without a viewport meta tag lays out 980 pixels wide on a phone
        waitFor(d -> Long.valueOf(PHONE.width).equals(script("return screen.width")));
        painted();
    }

    public void stopEmulatingPhone() {
        driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        painted();
    }

    /** Answers the pages' {@code prefers-color-scheme} media queries with {@code scheme} ("dark", "light", or "" for the system's). */
    public void emulateColorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of(
                "features", java.util.List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
        painted();
    }

    /** Waits until the page has been laid out and painted as it now is. */
    private void painted() {
        driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "requestAnimationFrame(() => requestAnimationFrame(done));");
    }

    /**
     * Saves what the browser shows, {@code DIR/name.png}, and the page's HTML with its address, {@code DIR/name.html},
     * for finding out why a test failed. Never throws: it runs while a failure is being reported.
     */
    public void saveForDebugging(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
            Files.writeString(dir.resolve(name + ".html"),
                    "<!-- " + driver.getCurrentUrl() + " -->\n" + driver.getPageSource());
        } catch (IOException | RuntimeException e) {
            System.err.println("could not save the browser's page for debugging: " + e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteTree(profile);
        }
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
