package io.resultstore.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.resultstore.testing.Http;
import io.resultstore.testing.SharedServer;
import io.resultstore.testing.TestServer;
import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
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
 * The web console in a real browser (Debian's headless Chromium through its chromedriver) against a real server:
 * every screen is driven as a person would, and a screenshot of each lands in {@code target/console-screenshots/}.
 */
class ConsoleBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    @RegisterExtension
    static final SharedServer shared = new SharedServer();
    static final Http http = shared.http();
    static Path profile;
    static ChromeDriver browser;
    static WebDriverWait wait;

    @TempDir
    Path dir;

    @BeforeAll
    static void openBrowser() throws IOException {
        profile = Files.createTempDirectory("console-browser");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // As root, without a GPU, and without Chromium's own calls home, which this machine's network refuses.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @AfterEach
    void noPolicyViolationsOrScriptErrors() {
        List<String> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                // The API's own refusals (400 for bad SQL, 401 before signing in) are logged by the browser too.
                .filter(m -> !m.matches(".*Failed to load resource: the server responded with a status of 4\\d\\d.*"))
                .toList();
        assertThat(problems).isEmpty();
    }

    private static void open(String base, String hash) {
        browser.get(base + "/#" + hash);
    }

    private static WebElement visible(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    private static void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void aQueryRunsWithCtrlEnterTurnsReadyAndItsRowsPageAsTheTableScrolls() throws IOException {
        open(shared.server().url(), "/query?sql=" + enc("SELECT range AS n, range * 2 AS twice, 'v' || range AS label"
                + " FROM range(5000)"));
        visible("#editor .cm-editor");
        browser.findElement(By.cssSelector("#editor .cm-content")).click();
        new org.openqa.selenium.interactions.Actions(browser).keyDown(org.openqa.selenium.Keys.CONTROL)
                .sendKeys(org.openqa.selenium.Keys.ENTER).keyUp(org.openqa.selenium.Keys.CONTROL).perform();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#result-status [data-status=ready]")));
        assertThat(visible("#query-output").getText()).contains("5000 rows");
        assertThat(browser.findElement(By.cssSelector("#grid .head")).getText()).contains("twice").contains("BIGINT");
        assertThat(browser.findElement(By.cssSelector("#grid [data-row='0']")).getText()).contains("v0");
        visible("#chart svg");
        screenshot("query");

        // Far past the 200 rows the answer carried: the grid fetches that block from GET /results/{id}.
        ((JavascriptExecutor) browser).executeScript(
                "document.getElementById('grid-viewport').scrollTop = 4990 * 26;");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#grid [data-row='4999']"),
                "v4999"));
        assertThat(browser.findElements(By.cssSelector("#grid .row")).size()).isLessThan(100);
        assertThat(visible("#grid-footer").getText()).contains("of 5000");
    }

    @Test
    void badSqlShowsTheApiErrorAsItIs() throws IOException {
        open(shared.server().url(), "/query?run=1&sql=" + enc("SELEC 1"));
        WebElement error = visible("#error");
        assertThat(error.getText()).startsWith("SQL_ERROR: Parser Error");
        open(shared.server().url(), "/query?run=1&sql=" + enc("COPY (SELECT 1) TO '/tmp/x.csv'"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "FORBIDDEN_STATEMENT"));
        screenshot("error");
    }

    @Test
    void aResultIsListedOpenedPagedAndDownloadedAsCsv() throws IOException {
        String id = http.query("SELECT range AS n, range % 3 AS m FROM range(300)").json().path("result_id").asText();
        http.awaitResult(id);
        open(shared.server().url(), "/results?status=ready");
        visible("#results-table tr[data-id='" + id + "']");
        screenshot("results");

        browser.findElement(By.cssSelector("#results-table tr[data-id='" + id + "'] a")).click();
        assertThat(visible("#detail-status").getText()).isEqualTo("ready");
        assertThat(visible("#detail-rows").getText()).isEqualTo("300");
        visible("#grid [data-row='0']");
        WebElement csv = visible("#download-csv");
        assertThat(csv.getAttribute("href")).endsWith("/results/" + id + "/data?format=csv");
        String downloaded = (String) ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(document.getElementById('download-csv').href).then(r => r.text()).then(done);");
        assertThat(downloaded).startsWith("n,m\n0,0\n1,1\n2,2\n").hasLineCount(301);
        for (String format : List.of("jsonl", "parquet", "arrow")) {
            assertThat(visible("#download-" + format).getAttribute("href")).endsWith("format=" + format);
        }
        screenshot("result");

        browser.findElement(By.id("query-this")).click();
        visible("#editor .cm-editor");
        assertThat(browser.findElement(By.cssSelector("#editor .cm-content")).getText())
                .isEqualTo("SELECT * FROM results.\"" + id + "\"");
    }

    @Test
    void aRunOpensFromTheHistoryAndRunsAgain() throws IOException {
        String runId = http.query("SELECT 42 AS answer").json().path("query_run_id").asText();
        open(shared.server().url(), "/runs");
        visible("#runs-table tr[data-id='" + runId + "']");
        screenshot("runs");
        browser.findElement(By.cssSelector("#runs-table tr[data-id='" + runId + "'] a")).click();
        assertThat(visible("#run-status").getText()).isEqualTo("succeeded");
        assertThat(visible("#run-sql").getText()).isEqualTo("SELECT 42 AS answer");
        visible("#run-result");
        screenshot("run");
        browser.findElement(By.id("rerun")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#result-status [data-status]")));
        assertThat(visible("#grid [data-row='0']").getText()).contains("42");
    }

    @Test
    void aWorkflowPayloadIsListedViewedAndDeleted() throws IOException {
        String eid = Long.toString(System.nanoTime());
        JsonNode put = http.put("/api/result/" + eid, "{\"name\": \"extract\", \"data\": {\"rows\": [1, 2, 3],"
                + " \"source\": \"crm\"}}").json();
        open(shared.server().url(), "/payloads?eid=" + eid);
        visible("#payloads-table tr[data-ref]");
        browser.findElement(By.cssSelector(".payload-open")).click();
        assertThat(visible("#payload-json").getText()).contains("\"source\": \"crm\"").contains("\"rows\": [");
        assertThat(visible("#payload-sha").getText()).isEqualTo(put.path("sha256").asText());
        screenshot("payloads");
        browser.findElement(By.id("payload-delete")).click();
        browser.switchTo().alert().accept();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "0 payloads"));
        assertThat(http.get("/api/result/resolve?ref=" + enc(put.path("ref").asText())).status()).isEqualTo(410);
    }

    @Test
    void withTokensConfiguredTheConsoleAsksForOneAndShowsNothingWithoutIt() throws IOException {
        try (TestServer secured = TestServer.builder(dir).set("auth.tokens", "console-secret").start()) {
            Http raw = secured.http();
            assertThat(raw.get("/").status()).isEqualTo(200);
            assertThat(raw.get("/results").status()).isEqualTo(401);
            browser.get(secured.url() + "/");
            ((JavascriptExecutor) browser).executeScript("sessionStorage.clear();");
            open(secured.url(), "/results");
            WebElement input = visible("#token-input");
            assertThat(browser.findElements(By.cssSelector("#results-table"))).isEmpty();
            screenshot("login");
            input.sendKeys("console-secret");
            browser.findElement(By.id("token-save")).click();
            visible("#results-table");
            assertThat(((JavascriptExecutor) browser).executeScript(
                    "return sessionStorage.getItem('resultstore.token');")).isEqualTo("console-secret");
            ((JavascriptExecutor) browser).executeScript("sessionStorage.clear();");
        }
    }

    @Test
    void consoleFilesCarryAStrictContentSecurityPolicy() {
        for (String path : List.of("/console/app.js", "/console/app.css", "/console/editor.js")) {
            Http.Response r = http.get(path);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.raw().headers().firstValue("Content-Security-Policy")).as(path)
                    .contains(ConsoleRoutes.CONTENT_SECURITY_POLICY);
            assertThat(r.raw().headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }
        // The page's policy admits only styles with this response's nonce, and a new nonce every time.
        Http.Response page = http.get("/");
        String policy = page.raw().headers().firstValue("Content-Security-Policy").orElseThrow();
        String nonce = policy.replaceAll(".*'nonce-([^']+)'.*", "$1");
        assertThat(policy).isEqualTo(ConsoleRoutes.policy(nonce)).contains("script-src 'self';");
        assertThat(page.body()).contains("<meta name=\"csp-nonce\" content=\"" + nonce + "\">");
        assertThat(http.get("/").raw().headers().firstValue("Content-Security-Policy").orElseThrow())
                .isNotEqualTo(policy);
        assertThat(http.get("/console/index.html").status()).isEqualTo(404);
        assertThat(http.get("/").raw().headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        assertThat(http.get("/console/app.js").raw().headers().firstValue("Content-Type").orElseThrow())
                .startsWith("text/javascript");
        assertThat(http.get("/").body()).doesNotContain("<script>").doesNotContain("style=");
        for (String bad : List.of("/console/nope.js", "/console/..%2fpom.xml", "/console/%2e%2e", "/console/APP.JS",
                "/console/app.js.map", "/console/")) {
            Http.Response r = http.get(bad);
            assertThat(r.status()).as(bad).isIn(400, 404);
            assertThat(r.body()).as(bad).contains("\"error\"");
        }
    }
}
