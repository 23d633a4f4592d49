package dev.esm.stores;

import dev.esm.marketplace.StoreCredentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.WebClient;
import dev.esm.WebClient.Response;
import dev.esm.platform.ActingOperator;
import dev.esm.accounts.PlatformAdmins;
import dev.esm.platform.database.DatabaseAccess;

/** A store secret goes in and never comes out: not in a response, not in a log line, not in a database dump. */
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakIntegrationTests extends IntegrationTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    Stores stores;
    @Autowired
    PlatformAdmins platformAdmins;

    @Test
    void storeSecretNeverAppearsInResponsesLogsOrDatabaseDump(CapturedOutput output) throws Exception {
        String marker = "LEAKMARKER" + UUID.randomUUID().toString().replace("-", "");
        String pageMarker = "PAGEMARKER" + UUID.randomUUID().toString().replace("-", "");
        TestSandbox.walmartCredentials("id-" + marker, marker);
        TestSandbox.walmartCredentials("id-" + pageMarker, pageMarker);
        TestSandbox.walmartCredentials("id2-" + marker, marker);
        TestOperator operator = operators.create("Leak Checker");
        platformAdmins.grantPlatformAdmin(operator.email(), "test");
        WebClient web = browser();
        web.signIn(operator.email(), operator.password());

        Response created = web.api("POST", "/api/v1/stores", "{\"marketplace\":\"WALMART\",\"name\":\"Leak Shop\","
                + "\"credentials\":{\"clientId\":\"id-" + marker + "\",\"clientSecret\":\"" + marker + "\"}}");
        assertThat(created.status()).isEqualTo(201);
        String id = created.body().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        web.get("/stores");
        Response added = web.post("/stores", Map.of("marketplace", "WALMART", "name", "Leak Page Shop",
                "clientId", "id-" + pageMarker, "clientSecret", pageMarker));
        assertThat(added.status()).isEqualTo(302);
        web.api("PATCH", "/api/v1/stores/" + id, "{\"credentials\":{\"clientId\":\"id2-" + marker
                + "\",\"clientSecret\":\"" + marker + "\"}}");
        web.api("POST", "/api/v1/stores", "{\"marketplace\":\"WALMART\",\"name\":\"\",\"credentials\":{\"clientId\":\"x\","
                + "\"clientSecret\":\"" + marker + "\"}}");
        web.get("/stores");
        web.get("/stores/" + id);
        web.get("/api/v1/stores");
        web.get("/api/v1/stores/" + id);
        web.get("/admin");

        // the secret was stored and can be used by the product
        StoreCredentials stored = ActingOperator.runAs(operator.id(), () -> stores.credentials(UUID.fromString(id)))
                .orElseThrow();
        assertThat(stored).isEqualTo(new StoreCredentials.Walmart("id2-" + marker, marker));

        for (Response response : web.responses()) {
            assertThat(response.body()).doesNotContain(marker).doesNotContain(pageMarker);
            assertThat(response.headers().map().toString()).doesNotContain(marker).doesNotContain(pageMarker);
        }
        assertThat(output.getAll()).doesNotContain(marker).doesNotContain(pageMarker);
        String dump = databaseDump();
        assertThat(dump).contains("Leak Shop");
        for (String secret : List.of(marker, pageMarker)) {
            assertThat(dump).doesNotContain(secret)
                    .doesNotContain(HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** pg_dump of the whole database as superuser when the client is installed; else every row of every table. */
    private String databaseDump() throws IOException, InterruptedException, SQLException {
        return DatabaseAccess.dump(context);
    }
}
