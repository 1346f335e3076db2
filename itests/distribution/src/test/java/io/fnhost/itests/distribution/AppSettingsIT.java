package io.fnhost.itests.distribution;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * App settings written as {@code etc/io.fnhost.core.AppSettings-<app>.cfg} reach function code through
 * plain {@code System.getenv}, live: the test app settings-reader answers with them, and so does the
 * orders example's {@code quote} function (a POJO body and a route parameter on a real node).
 */
class AppSettingsIT {

    @RegisterExtension
    static final KarafNode node = KarafNode.standalone("appsettings");

    @BeforeAll
    static void deployWithSettings() throws Exception {
        writeSettings("settings", "Greeting = hello from etc\n");
        writeSettings("orders", "Currency = CHF\n");
        node.deploy("settings-reader.jar", "settings-reader.jar");
        node.deploy("orders.jar", "orders.jar");
        awaitAnswer("/api/setting/Greeting", "hello from etc");
    }

    @Test
    void aSettingInTheAppsCfgFileReachesSystemGetenvAndChangesLive() throws Exception {
        assertEquals("hello from etc", node.get("/api/setting/Greeting").body());
        assertEquals("hello from etc", node.get("/api/environment/greeting").body(), "System.getenv() map");
        assertEquals("UseDevelopmentStorage=true", node.get("/api/setting/AzureWebJobsStorage").body(),
                "AzureWebJobsStorage names the node's embedded services unless the app sets it");

        writeSettings("settings", "Greeting = changed without a redeploy\n");
        awaitAnswer("/api/setting/Greeting", "changed without a redeploy");
    }

    @Test
    void ordersQuotesInTheCurrencyOfItsSettings() throws Exception {
        await("orders' quote function routes").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> node.post("/api/quote/ada", "application/json", "{}").statusCode() != 404);

        HttpResponse<String> quote = node.post("/api/quote/ada", "application/json", "{\"item\":\"apple\",\"quantity\":3}");
        assertEquals(200, quote.statusCode(), quote.body());
        JsonObject json = JsonParser.parseString(quote.body()).getAsJsonObject();
        assertEquals("ada", json.get("customer").getAsString(), "route parameter");
        assertEquals("CHF", json.get("currency").getAsString(), "app setting Currency read with System.getenv");
        assertEquals(450, json.get("totalCents").getAsLong());

        HttpResponse<String> bad = node.post("/api/quote/ada", "application/json", "{\"item\":\"apple\",\"quantity\":0}");
        assertEquals(400, bad.statusCode());
        assertEquals("quantity must be between 1 and 1000, was 0", bad.body());
    }

    private static void awaitAnswer(String path, String expected) {
        await(path + " answers " + expected).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> expected.equals(node.get(path).body()));
    }

    /** Writes etc/io.fnhost.core.AppSettings-{app}.cfg atomically, as an operator's editor would replace it. */
    private static void writeSettings(String app, String properties) throws IOException {
        Path etc = node.home().resolve("etc");
        Path tmp = Files.createTempFile(node.home(), "settings", ".tmp");
        Files.writeString(tmp, properties, StandardCharsets.UTF_8);
        Files.move(tmp, etc.resolve("io.fnhost.core.AppSettings-" + app + ".cfg"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
