package io.carillon.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its chromedriver, one fresh browser profile per test.
 * Both binaries are named explicitly, so Selenium Manager never looks for (or downloads) others.
 * Register it as an extension: it opens before each test, saves a screenshot when a test fails, and
 * quits after. Screenshots go to {@code target/screenshots/<test>-<step>.png}.
 */
public final class Browser
    implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {
  public static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String CHROMIUM = "/usr/bin/chromium";
  private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
  private static final Duration WAIT = Duration.ofSeconds(15);

  // The tests use no DevTools protocol, so Selenium's warning that it has none for this Chromium
  // version is noise. Held here because java.util.logging keeps loggers only weakly.
  private static final List<java.util.logging.Logger> QUIET =
      List.of(
          java.util.logging.Logger.getLogger("org.openqa.selenium.devtools"),
          java.util.logging.Logger.getLogger("org.openqa.selenium.chromium"));

  static {
    QUIET.forEach(logger -> logger.setLevel(Level.SEVERE));
  }

  private final java.util.function.Supplier<String> base;
  private final int width;
  private final int height;
  private final List<String> console = new ArrayList<>();
  private ChromeDriver driver;
  private WebDriverWait wait;
  private Path profile;
  private Path downloads;
  private String test;

  /**
   * A browser window of the given size on the server at {@code base} (such as http://host:port).
   */
  public Browser(java.util.function.Supplier<String> base, int width, int height) {
    this.base = base;
    this.width = width;
    this.height = height;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    test = context.getRequiredTestMethod().getName();
    forgetScreenshotsOf(test);
    profile = Files.createTempDirectory("carillon-chromium-");
    downloads = Files.createDirectories(profile.resolve("downloads"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--user-data-dir=" + profile.resolve("profile"),
        "--window-size=" + width + "," + height);
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory",
            downloads.toString(),
            "download.prompt_for_download",
            false));
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, WAIT);
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isPresent() && driver != null) {
      screenshot("failure");
      drainConsole();
      System.err.println("Browser console of " + test + ":\n  " + String.join("\n  ", console));
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    if (driver != null) {
      driver.quit();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    }
  }

  /** Screenshots of an earlier run of the same test would mislead whoever reads the folder. */
  private static void forgetScreenshotsOf(String test) throws IOException {
    if (!Files.isDirectory(SCREENSHOTS)) {
      return;
    }
    try (Stream<Path> files = Files.list(SCREENSHOTS)) {
      for (Path file :
          files.filter(f -> f.getFileName().toString().startsWith(test + "-")).toList()) {
        Files.delete(file);
      }
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Opens a dashboard route, such as {@code /jobs} (the part after {@code #}). */
  public Browser open(String route) {
    driver.get(base.get() + "/#" + route);
    return this;
  }

  /** Signs in with a key through the form, by keyboard (type, then Enter). */
  public Browser signIn(String key) {
    open("/signin");
    WebElement field = visible(By.id("api-key"));
    field.clear();
    field.sendKeys(key, org.openqa.selenium.Keys.ENTER);
    return this;
  }

  public WebElement visible(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  /** Clicks once the element is clickable, finding it again if a page refresh replaced it. */
  public Browser click(By by) {
    wait.ignoring(StaleElementReferenceException.class)
        .until(
            d -> {
              WebElement element = ExpectedConditions.elementToBeClickable(by).apply(d);
              if (element == null) {
                return false;
              }
              element.click();
              return true;
            });
    return this;
  }

  public Browser type(By by, String text) {
    WebElement field = visible(by);
    field.clear();
    field.sendKeys(text);
    return this;
  }

  /** Waits until the element's text contains {@code text}; returns its whole text. */
  public String waitForText(By by, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    return driver.findElement(by).getText();
  }

  public void waitUntil(org.openqa.selenium.support.ui.ExpectedCondition<?> condition) {
    wait.until(condition);
  }

  public boolean present(By by) {
    return !driver.findElements(by).isEmpty();
  }

  /** The files the browser has downloaded, once at least one is complete. */
  public List<Path> awaitDownloads() {
    wait.until(
        d -> {
          try (Stream<Path> files = Files.list(downloads)) {
            return files.anyMatch(f -> !f.toString().endsWith(".crdownload"));
          } catch (IOException e) {
            return false;
          }
        });
    try (Stream<Path> files = Files.list(downloads)) {
      return files.toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves what the window shows now as {@code target/screenshots/<test>-<step>.png}. */
  public Path screenshot(String step) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(test + "-" + step + ".png");
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Fails on any error the page logged: script errors, CSP violations, failed loads. {@code
   * expected} lets through the failed requests a test provoked on purpose (such as a 400 that the
   * page shows inline).
   */
  public void assertNoConsoleErrors(FailedRequest... expected) {
    drainConsole();
    List<FailedRequest> allowed = List.of(expected);
    List<String> errors =
        console.stream()
            .filter(line -> line.startsWith("SEVERE"))
            .filter(line -> allowed.stream().noneMatch(request -> request.matches(line)))
            .toList();
    assertThat(errors).as("errors in the browser console").isEmpty();
  }

  /** A request to an API path that a test expects to fail with this status. */
  public record FailedRequest(String path, int status) {
    /** Whether the console line is Chromium's report of this failure. */
    boolean matches(String line) {
      return line.contains(path)
          && line.contains("Failed to load resource")
          && line.contains("status of " + status);
    }
  }

  public static FailedRequest failedRequest(String path, int status) {
    return new FailedRequest(path, status);
  }

  private void drainConsole() {
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      console.add(entry.getLevel() + " " + entry.getMessage());
    }
  }
}
