package dev.esm.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.IntegrationTest;
import dev.esm.WebClient;
import dev.esm.accounts.ApiTokens;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.platform.web.RawHttp.Answer;
import dev.esm.shipping.TestShipping;
import dev.esm.shipping.TestShipping.Shop;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Malformed input against every operation of the OpenAPI document, as the signed-in owner of real objects: malformed
 * JSON, wrong types, huge and control-character strings, out-of-range numbers and dates, bad percent-encoding, bad
 * and foreign ids. No answer may be a 5xx; every refusal under /api is problem+json; a refused request stores
 * nothing (the owner's rows, hashed through a superuser connection, are the same before and after); a string with
 * a control character or of a megabyte is always refused.
 */
class InputFuzzIntegrationTests extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String MEGABYTE = "a".repeat(1 << 20);
    private static final UUID RANDOM = UUID.randomUUID();

    /** String values that must be refused wherever they go. */
    private static final List<String> MUST_REFUSE_STRINGS = List.of("a\u0000b", "\u001b[2J", MEGABYTE);

    /** Other JSON values for a field: wrong types, out-of-range numbers and dates, odd strings. */
    private static final List<String> OTHER_VALUES = List.of("1e308", "-1", "99999999", "0.004", "true", "{}",
            "[]", "null", "[null]", "\"\"", "\"" + "b".repeat(5000) + "\"", "\"300000-01-01\"", "\"\\ud800\"");

    /** Query values, already percent-encoded (or deliberately malformed). */
    private static final List<String> QUERY_VALUES = List.of("%ZZ", "%e0%80", "1e308", "-1", "99999999",
            "0000-01-01", "%2B300000-01-01T00:00:00Z", "-999999999-01-01T00:00:00Z", "b".repeat(3000),
            cursor("99999999999999.0|" + RANDOM), cursor("-99999999999.0|" + RANDOM), cursor("1.0|not-a-uuid"));

    /**
     * Query values with a control character, or far too long for any parameter (yet inside Tomcat's 8 KB request
     * line, so that the application answers): always refused.
     */
    private static final List<String> MUST_REFUSE_QUERY_VALUES = List.of("a%00b", "%1B%5B2J", "a".repeat(6000));

    @Autowired
    private TestShipping shipping;

    @Autowired
    private ApiTokens tokens;

    @Autowired
    private ApplicationContext context;

    private RawHttp http;
    private String token;
    private UUID owner;
    private Connection superuser;
    private String snapshot;
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> statuses = new java.util.TreeMap<>();
    private int requests;

    record Target(String method, String template, JsonNode operation) {
    }

    @Test
    void everyApiOperationRefusesMalformedInputWithoutAServerErrorAndStoresNothing() throws Exception {
        Shop mine = shipping.shop("Fuzz Owner", 5);
        Shop theirs = shipping.shop("Fuzz Other", 3);
        http = new RawHttp(port);
        owner = mine.owner().id();
        token = token(mine);
        String theirToken = token(theirs);
        Map<String, String> myIds = objects(mine, token);
        Map<String, String> theirIds = objects(theirs, theirToken);
        myIds.put("operator", theirs.owner().id().toString());
        theirIds.put("operator", mine.owner().id().toString());
        myIds.put("invitation", invite(theirs, theirToken, mine.owner().email()));
        myIds.put("outgoing-invitation", invite(mine, token, "invitee-" + UUID.randomUUID() + "@example.test"));
        theirIds.put("invitation", invite(mine, token, theirs.owner().email()));
        theirIds.put("outgoing-invitation", invite(theirs, theirToken, "invitee-" + UUID.randomUUID() + "@example.test"));

        JsonNode api = JSON.readTree(http.send("GET", "/v3/api-docs", Map.of("Accept", "application/json"), null).body());
        List<Target> targets = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : api.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                targets.add(new Target(method.getKey().toUpperCase(java.util.Locale.ROOT), path.getKey(),
                        method.getValue()));
            }
        }
        assertThat(targets).hasSizeGreaterThan(30);
        // reads first, then changes (a change may add objects, such as a new store, that later reads then meet)
        targets.sort(java.util.Comparator.comparing(target -> target.method().equals("GET") ? 0 : 1));

        try (Connection db = DatabaseAccess.superuser(context)) {
            superuser = db;
            snapshot = settledSnapshot();
            for (Target target : targets) {
                long started = System.nanoTime();
                int before = requests;
                fuzz(target, myIds, theirIds, mine, api);
                progress(String.format("fuzzed %s %s: %d requests in %d ms, %d failures so far", target.method(),
                        target.template(), requests - before, (System.nanoTime() - started) / 1_000_000,
                        failures.size()));
            }
        }
        progress("Input fuzz: " + requests + " requests over " + targets.size() + " operations; statuses "
                + statuses + "; " + failures.size() + " failures");
        failures.stream().limit(300).forEach(f -> progress("  " + f));
        assertThat(failures).as("answers that broke the rules (of %d requests)", requests).isEmpty();
        assertThat(requests).isBetween(500, 4000);
    }

    private void fuzz(Target target, Map<String, String> mine, Map<String, String> theirs, Shop shop, JsonNode api)
            throws Exception {
        boolean stream = target.operation().toString().contains("text/event-stream");
        String real = fill(target.template(), mine);
        // path ids: malformed, unknown, another operator's, badly encoded
        for (String param : pathParams(target.template())) {
            String theirValue = fill(target.template(), theirs);
            List<String> bad = List.of("not-a-uuid", RANDOM.toString(), "%ZZ", "%00", "a%01b", "c".repeat(2000));
            for (String value : bad) {
                request(target, replaceParam(target.template(), param, value, mine), null, false);
            }
            request(target, theirValue, null, false);
        }
        if (stream) {
            return;
        }
        // query parameters
        for (JsonNode parameter : target.operation().path("parameters")) {
            if (!parameter.path("in").asString().equals("query")) {
                continue;
            }
            String name = parameter.get("name").asString();
            for (String value : QUERY_VALUES) {
                request(target, real + "?" + name + "=" + value, null, false);
            }
            for (String value : MUST_REFUSE_QUERY_VALUES) {
                request(target, real + "?" + name + "=" + value, null, true);
            }
        }
        request(target, real + "?%ZZ=1", null, false);
        request(target, real + "?x=%00", null, target.method().equals("GET"));
        // bodies
        if (target.operation().has("requestBody")) {
            List<String> rawBodies = List.of("{", "null", "", "\"text\"", "[]", "{}", "\u0000",
                    "{\"" + "k".repeat(5000) + "\":1}");
            for (String body : rawBodies) {
                request(target, real, body.getBytes(StandardCharsets.UTF_8), false);
            }
            request(target, real, new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28,
                    '"', '}'}, false);
            for (ObjectNode base : bases(target, mine, shop)) {
                for (List<Object> field : fields(base)) {
                    for (String value : MUST_REFUSE_STRINGS) {
                        request(target, real, with(base, field, JSON.getNodeFactory().stringNode(value)), true);
                    }
                    for (String value : OTHER_VALUES) {
                        request(target, real, with(base, field, JSON.readTree(value)), false);
                    }
                }
            }
        }
    }

    /**
     * The pages: the ship-from and package forms with NUL, huge and malformed values, bad and foreign ids on page
     * routes, and Tomcat's own refusals. Each answer is a readable page (with the site navigation), never a 500, and a
     * refused form stores nothing.
     */
    @Test
    void pageFormsAndRoutesAnswerReadablePagesNeverAServerError() throws Exception {
        Shop mine = shipping.shop("Fuzz Pages", 2);
        Shop theirs = shipping.shop("Fuzz Pages Other", 1);
        WebClient web = browser();
        web.signIn(mine.owner().email(), mine.owner().password());
        String settings = "/stores/" + mine.store() + "/shipping";
        web.get(settings);
        List<String> problems = new ArrayList<>();
        Map<String, String> address = new LinkedHashMap<>(Map.of("label", "Dock", "name", "Shipping", "street1",
                "215 Clayton St", "city", "San Francisco", "state", "CA", "zip", "94117", "country", "US", "phone",
                "4155550100"));
        Map<String, String> box = new LinkedHashMap<>(Map.of("name", "Page box", "weightOz", "12", "lengthIn", "6",
                "widthIn", "5", "heightIn", "4"));
        int addressesBefore = countOf(web.get("/api/v1/stores/" + mine.store() + "/shipping").body(), "\"street1\"");
        int packagesBefore = countOf(web.get("/api/v1/stores/" + mine.store() + "/shipping").body(), "\"weightOz\"");
        for (String field : List.of("name", "label", "phone", "country", "street1", "zip")) {
            for (String value : List.of("a\u0000b", "x\u001by", MEGABYTE, "ZZ", "USA", "1".repeat(200))) {
                if (!field.equals("country") && (value.equals("ZZ") || value.equals("USA"))) {
                    continue;
                }
                Map<String, String> form = new LinkedHashMap<>(address);
                form.put(field, value);
                readable(web, "POST", settings + "/addresses", web.post(settings + "/addresses", form), problems);
            }
        }
        for (String field : List.of("weightOz", "lengthIn")) {
            for (String value : List.of("0.004", "1e308", "99999999", "-1", "abc", "1e999999999", "a\u0000")) {
                Map<String, String> form = new LinkedHashMap<>(box);
                form.put(field, value);
                readable(web, "POST", settings + "/packages", web.post(settings + "/packages", form), problems);
            }
        }
        // the label panel's parcel: weight in lb and oz and the size, malformed or out of range
        String rates = "/orders/" + mine.orders().get(0) + "/shipping/rates";
        for (String field : List.of("weightLb", "weightOz", "lengthIn")) {
            for (String value : List.of("0.004", "1e308", "99999999", "-1", "abc", "1e999999999", "1e-999999999",
                    "a\u0000", MEGABYTE)) {
                Map<String, String> form = new LinkedHashMap<>(Map.of("shipFromId", mine.shipFrom().toString(),
                        "weightLb", "1", "weightOz", "2"));
                form.put(field, value);
                readable(web, "POST", rates, web.post(rates, form), problems);
            }
        }
        readable(web, "GET", "/orders/{id}/packing-slip?size=", web.get("/orders/" + mine.orders().get(0)
                + "/packing-slip?size=%00"), problems);
        String after = web.get("/api/v1/stores/" + mine.store() + "/shipping").body();
        assertThat(countOf(after, "\"street1\"")).as("no refused address stored").isEqualTo(addressesBefore);
        assertThat(countOf(after, "\"weightOz\"")).as("no refused package stored").isEqualTo(packagesBefore);
        readable(web, "POST", "/stores", web.post("/stores", Map.of("marketplace", "EBAY", "name", "a\u0000b")),
                problems);
        readable(web, "GET", "/orders?q=", web.get("/orders?q=a%00b"), problems);
        readable(web, "GET", "/orders?shipByFrom=", web.get("/orders?shipByFrom=%2B300000-01-01T00:00:00Z"), problems);
        readable(web, "GET", "/orders?after=", web.get("/orders?after=" + cursor("99999999999999.0|" + RANDOM)),
                problems);
        // the orders grid's parameters (issue 11) and the Today page
        for (String grid : List.of("tab=%00", "tab=nope", "due=%E2%80%8F", "due=yesterday", "sort=buyer", "dir=up", "page=-5",
                "page=2147483648", "page=1e3", "size=0", "size=%00", "q=%25%25%25", "q=_%5C", "tab=all&page=400&size=200",
                "sort=total&dir=asc", "store=" + RANDOM + "&tab=shipped")) {
            readable(web, "GET", "/orders?" + grid, web.get("/orders?" + grid), problems);
        }
        readable(web, "GET", "/today", web.get("/today"), problems);
        readable(web, "POST", "/account/time-zone", web.post("/account/time-zone", Map.of("timeZone", "Mars/Olympus")),
                problems);
        // deleting the account with a wrong, control-character or huge password: refused, nothing deleted
        for (String value : List.of("", "wrong password", "a\u0000b", MEGABYTE)) {
            readable(web, "POST", "/account/delete", web.post("/account/delete", Map.of("currentPassword", value)),
                    problems);
        }
        for (String id : List.of("not-a-uuid", RANDOM.toString())) {
            for (String route : List.of("/account/export/" + id, "/account/export/" + id + "/download")) {
                WebClient.Response page = web.get(route);
                readable(web, "GET", route, page, problems);
                if (page.status() != 404) {
                    problems.add(page.status() + " instead of 404: GET " + route);
                }
            }
        }

        List<String> routes = new ArrayList<>();
        for (String id : List.of("not-a-uuid", RANDOM.toString(), theirs.store().toString())) {
            routes.addAll(List.of("/stores/" + id, "/stores/" + id + "/sync", "/stores/" + id + "/shipping",
                    "/stores/" + id + "/connect"));
        }
        for (String id : List.of("not-a-uuid", RANDOM.toString(), theirs.orders().get(0).toString())) {
            routes.addAll(List.of("/orders/" + id, "/orders/" + id + "/shipping", "/orders/" + id + "/packing-slip",
                    "/orders/" + id + "/buyer/erasure", "/label-batches/" + id,
                    "/label-batches/" + id + "/packing-slips.pdf"));
        }
        for (String route : routes) {
            WebClient.Response page = web.get(route);
            readable(web, "GET", route, page, problems);
            if (page.status() != 404) {
                problems.add(page.status() + " instead of 404: GET " + route);
            }
        }
        for (String route : List.of("/stores/not-a-uuid/sync", "/stores/" + RANDOM + "/sync",
                "/stores/" + theirs.store() + "/sync", "/stores/" + theirs.store() + "/rename",
                "/orders/not-a-uuid/buyer/erasure", "/orders/" + theirs.orders().get(0) + "/buyer/erasure")) {
            WebClient.Response page = web.post(route, Map.of("name", "x"));
            readable(web, "POST", route, page, problems);
        }

        // Tomcat's own refusals, through a raw socket with the signed-in session
        RawHttp raw = new RawHttp(port);
        String cookie = web.cookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
        for (String target : List.of("/orders/%ZZ", "/orders?q=%ZZ", "/orders?q=%00", "/stores/%00/sync",
                "/orders?" + "q=" + "a".repeat(20_000))) {
            Answer answer = raw.send("GET", target, Map.of("Cookie", cookie, "Accept", "text/html"), null);
            if (answer.status() >= 500 || !answer.contentType().startsWith("text/html")
                    || !answer.body().contains("class=\"topbar\"")) {
                problems.add(answer.status() + " " + answer.contentType() + " without the navigation: GET "
                        + RawHttp.abbreviate(target));
            }
            if (answer.status() < 400) {
                problems.add(answer.status() + " accepted: GET " + RawHttp.abbreviate(target));
            }
        }
        for (String target : List.of("/api/v1/orders/%ZZ", "/api/v1/orders?q=%ZZ", "/api/v1/orders?q=%00",
                "/api/v1/stores/%00/sync-runs", "/api/v1/orders?q=" + "a".repeat(6000))) {
            Answer answer = raw.send("GET", target, Map.of("Cookie", cookie, "Accept", "application/json"), null);
            if (answer.status() < 400 || answer.status() >= 500 || !answer.problemJson()) {
                problems.add(answer.status() + " " + answer.contentType() + ": GET " + RawHttp.abbreviate(target));
            }
        }
        // headers over Tomcat's limit: the path is known, so the API answers problem+json
        Answer oversized = raw.send("GET", "/api/v1/orders", Map.of("Cookie", cookie, "Accept", "application/json",
                "X-Fill", "f".repeat(20_000)), null);
        if (oversized.status() != 400 || !oversized.problemJson()) {
            problems.add(oversized.status() + " " + oversized.contentType() + ": GET /api/v1/orders, 20 KB header");
        }
        // a request line over the limit: Tomcat cannot tell the path, so it is refused as a page (a known limit)
        Answer longLine = raw.send("GET", "/api/v1/orders?q=" + "a".repeat(20_000), Map.of("Accept",
                "application/json"), null);
        if (longLine.status() != 400) {
            problems.add(longLine.status() + ": GET /api/v1/orders with a 20 KB request line");
        }
        problems.forEach(p -> progress("  page: " + p));
        assertThat(problems).isEmpty();
    }

    /**
     * The public webhooks (not in the OpenAPI document, which covers /api): eBay's account deletion endpoint configured,
     * its key endpoint (the simulator) working. Malformed, unsigned, forged and oversized notices, odd paths, methods
     * and queries: never a 5xx (the endpoint answers 5xx only when eBay's key cannot be fetched), always refused, and
     * no notice or job is stored.
     */
    @Test
    void webhooksRefuseMalformedAndForgedNoticesWithoutAServerErrorAndStoreNothing() throws Exception {
        RawHttp raw = new RawHttp(port);
        var ebay = dev.esm.TestSandbox.ebay();
        var key = ebay.notifications().currentKey();
        var notice = ebay.notifications().notification("fuzz_buyer", "fuzz-user");
        java.security.KeyPair stranger = dev.esm.sandbox.ebay.EbayNotifications.generate();
        List<String> signatures = new ArrayList<>();
        signatures.add(null);
        signatures.add("");
        signatures.add("%00");
        signatures.add("a".repeat(6000));
        signatures.add(Base64.getEncoder().encodeToString("not json".getBytes(StandardCharsets.UTF_8)));
        signatures.add(Base64.getEncoder().encodeToString("[1,2]".getBytes(StandardCharsets.UTF_8)));
        for (String kid : List.of("unknown-" + RANDOM, key.kid(), "../x", "a".repeat(300))) {
            for (String digest : List.of("SHA1", "SHA256", "MD5", "")) {
                signatures.add(Base64.getEncoder().encodeToString(("{\"alg\":\"ecdsa\",\"kid\":\"" + kid
                        + "\",\"signature\":\"MEUCIQ==\",\"digest\":\"" + digest + "\"}")
                        .getBytes(StandardCharsets.UTF_8)));
            }
        }
        signatures.add(dev.esm.sandbox.ebay.EbayNotifications.sign(
                new dev.esm.sandbox.ebay.EbayNotifications.SigningKey(key.kid(), stranger, "SHA1"), notice.body()));
        signatures.add(dev.esm.sandbox.ebay.EbayNotifications.sign(
                new dev.esm.sandbox.ebay.EbayNotifications.SigningKey("unknown-" + RANDOM, stranger, "SHA1"),
                notice.body()));
        List<byte[]> bodies = new ArrayList<>();
        bodies.add(null);
        bodies.add(notice.body());
        bodies.add(new String(notice.body(), StandardCharsets.UTF_8).replace("fuzz_buyer", "fuzz_buyeR")
                .getBytes(StandardCharsets.UTF_8));
        for (String value : OTHER_VALUES) {
            bodies.add(value.getBytes(StandardCharsets.UTF_8));
        }
        bodies.add(("{\"metadata\":{\"topic\":\"" + MEGABYTE + "\"}}").getBytes(StandardCharsets.UTF_8));
        String count = "select (select count(*) from esm.account_deletion_notice) || '/' "
                + "|| (select count(*) from esm.job where kind = 'marketplace-account-deletion')";
        String before;
        List<String> problems = new ArrayList<>();
        int sent = 0;
        try (Connection db = DatabaseAccess.superuser(context)) {
            before = text(db, count);
            for (String signature : signatures) {
                for (byte[] body : bodies) {
                    Map<String, String> headers = new LinkedHashMap<>();
                    headers.put("Content-Type", "application/json");
                    headers.put("Accept", "application/json");
                    if (signature != null) {
                        headers.put("X-EBAY-SIGNATURE", signature);
                    }
                    Answer answer = raw.send("POST", "/webhooks/ebay/account-deletion", headers, body);
                    sent++;
                    if (answer.status() != 412 || !answer.problemJson()) {
                        problems.add(answer.status() + " " + answer.contentType() + ": POST signature "
                                + RawHttp.abbreviate(String.valueOf(signature)) + " body "
                                + RawHttp.abbreviate(body == null ? "none" : new String(body, StandardCharsets.UTF_8)));
                    }
                }
            }
            for (String target : List.of("/webhooks/ebay/account-deletion", "/webhooks/ebay/account-deletion?x=1",
                    "/webhooks/ebay/account-deletion?challenge_code=", "/webhooks/ebay/account-deletion?challenge_code="
                            + "b".repeat(3000), "/webhooks/ebay/account-deletion?challenge_code=a%00b",
                    "/webhooks/ebay/account-deletion?challenge_code=%ZZ", "/webhooks/nowhere/account-deletion",
                    "/webhooks/walmart/account-deletion?challenge_code=x", "/webhooks/%00/account-deletion",
                    "/webhooks/ebay/other", "/webhooks/", "/webhooks/ebay/account-deletion/..%2F..%2Fapi%2Fv1%2Fstores")) {
                for (String method : List.of("GET", "POST", "PUT", "DELETE")) {
                    Answer answer = raw.send(method, target, Map.of("Accept", "application/json"),
                            method.equals("GET") ? null : notice.body());
                    sent++;
                    if (answer.status() < 400 || answer.status() >= 500) {
                        problems.add(answer.status() + ": " + method + " " + RawHttp.abbreviate(target));
                    }
                }
            }
            String after = text(db, count);
            if (!after.equals(before)) {
                problems.add("notices/jobs before " + before + ", after " + after);
            }
        }
        progress("Webhook fuzz: " + sent + " requests; " + problems.size() + " problems");
        problems.forEach(p -> progress("  webhook: " + p));
        assertThat(problems).isEmpty();
    }

    private static String text(Connection db, String sql) throws Exception {
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Not a 5xx, and (after a redirect) a page that says what went wrong, with the navigation. */
    private static void readable(WebClient web, String method, String path, WebClient.Response response,
                                 List<String> problems) {
        WebClient.Response page = response;
        if (response.status() == 302 && response.header("Location") != null
                && !response.header("Location").contains("/login")) {
            page = web.get(java.net.URI.create(response.header("Location")).getRawPath());
        }
        if (response.status() >= 500 || page.status() >= 500) {
            problems.add(response.status() + "/" + page.status() + " " + method + " " + RawHttp.abbreviate(path));
            return;
        }
        if (!page.body().contains("class=\"topbar\"")) {
            problems.add(page.status() + " page without the navigation: " + method + " " + RawHttp.abbreviate(path));
        }
        if (response.status() == 302 && !page.body().contains("flash error") && !page.body().contains("flash ok")) {
            problems.add("no message after " + method + " " + RawHttp.abbreviate(path));
        }
    }

    private static int countOf(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** Sends, then checks: no 5xx, problem+json refusals on /api, no change after a refusal, refusal if required. */
    private void request(Target target, String path, byte[] body, boolean mustRefuse) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        headers.put("Accept", "application/json");
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        Answer answer;
        try {
            answer = http.send(target.method(), path, headers, body);
        } catch (IllegalStateException e) {
            failures.add(target.method() + " " + RawHttp.abbreviate(path) + ": no answer (" + e.getMessage() + ")");
            return;
        }
        requests++;
        statuses.merge(answer.status() / 100 + "xx", 1, Integer::sum);
        String what = target.method() + " " + RawHttp.abbreviate(path)
                + (body == null ? "" : " " + RawHttp.abbreviate(new String(body, StandardCharsets.UTF_8)));
        if (answer.status() >= 500) {
            failures.add(answer.status() + " " + what);
        }
        if (answer.status() >= 400 && !answer.problemJson()) {
            failures.add(answer.status() + " not problem+json (" + answer.contentType() + ") " + what);
        }
        if (mustRefuse && answer.status() < 400) {
            failures.add(answer.status() + " accepted " + what);
        }
        if (target.method().equals("GET")) {
            if (answer.status() < 400 && path.contains("/packing-slip")) {
                // a packing slip prints the ship-to: its use is written to the audit trail, as for a label
                snapshot = settledSnapshot();
            }
            return;
        }
        if (answer.status() >= 400) {
            String after = snapshot();
            if (!after.equals(snapshot)) {
                failures.add(answer.status() + " but stored something: " + what);
                snapshot = settledSnapshot();
            }
        } else {
            awaitBatch(answer);
            snapshot = settledSnapshot();
        }
    }

    /** Progress as the test goes, in target/input-fuzz.log (the console shows it only at the end). */
    private static void progress(String line) {
        System.out.println(line);
        try {
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "input-fuzz.log"), line + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            // progress only
        }
    }

    // ---- the operator's real objects

    private String token(Shop shop) {
        return ActingOperator.runAs(shop.owner().id(), () -> tokens.create(shop.owner().id(), "fuzz", "test").secret());
    }

    /** A store, orders, a bought label, a finished label batch, a ship-from address and a package preset. */
    /** An invitation from the shop's store to the email, made through the API: its id. */
    private String invite(Shop shop, String bearer, String email) throws Exception {
        var invited = WebClient.bearer("http://localhost:" + port, bearer, "POST",
                "/api/v1/stores/" + shop.store() + "/invitations", "{\"email\":\"" + email + "\"}");
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        return JSON.readTree(invited.body()).get("id").asString();
    }

    private Map<String, String> objects(Shop shop, String bearer) throws Exception {
        String base = "http://localhost:" + port;
        UUID bought = shop.orders().get(0);
        var rated = WebClient.bearer(base, bearer, "POST", "/api/v1/orders/" + bought + "/shipment/rates",
                "{\"shipFromId\":\"" + shop.shipFrom() + "\",\"packageId\":\"" + shop.box() + "\"}");
        assertThat(rated.status()).as(rated.body()).isEqualTo(200);
        String rateId = JSON.readTree(rated.body()).get("rates").get(0).get("id").asString();
        var label = WebClient.bearer(base, bearer, "POST", "/api/v1/orders/" + bought + "/shipment/buy",
                "{\"rateId\":\"" + rateId + "\"}");
        assertThat(label.status()).as(label.body()).isEqualTo(200);
        String shipment = JSON.readTree(label.body()).get("id").asString();
        var defaults = WebClient.bearer(base, bearer, "PUT", "/api/v1/stores/" + shop.store() + "/shipping/defaults",
                "{\"defaultService\":\"GroundAdvantage\",\"labelFormat\":\"PDF\"}");
        assertThat(defaults.status()).as(defaults.body()).isEqualTo(200);
        var batch = WebClient.bearer(base, bearer, "POST", "/api/v1/label-batches",
                "{\"orderIds\":[\"" + shop.orders().get(1) + "\"]}");
        assertThat(batch.status()).as(batch.body()).isEqualTo(201);
        String batchId = JSON.readTree(batch.body()).get("id").asString();
        long deadline = System.currentTimeMillis() + 30_000;
        while (!JSON.readTree(WebClient.bearer(base, bearer, "GET", "/api/v1/label-batches/" + batchId, null).body())
                .path("batch").path("state").asString().equals("DONE")) {
            assertThat(System.currentTimeMillis()).as("batch finishes").isLessThan(deadline);
            Thread.sleep(200);
        }
        var scan = dev.esm.platform.ActingOperator.runAs(shop.owner().id(),
                () -> context.getBean(dev.esm.catalog.internal.SyncListings.class).sync(shop.store()));
        assertThat(scan.complete()).as("listing sync: " + scan.error()).isTrue();
        var listings = WebClient.bearer(base, bearer, "GET", "/api/v1/listings?limit=1", null);
        assertThat(listings.status()).as(listings.body()).isEqualTo(200);
        String listing = JSON.readTree(listings.body()).path("products").get(0).path("listings").get(0).path("id")
                .asString();
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("store", shop.store().toString());
        ids.put("listing", listing);
        ids.put("order", shop.orders().get(2).toString());
        ids.put("shipment", shipment);
        ids.put("label-batch", batchId);
        ids.put("ship-from", shop.shipFrom().toString());
        ids.put("package", shop.box().toString());
        return ids;
    }

    /** Valid bodies to start from, one field changed at a time. */
    private List<ObjectNode> bases(Target target, Map<String, String> ids, Shop shop) throws Exception {
        String key = target.method() + " " + target.template();
        List<String> bodies = switch (key) {
            case "POST /api/v1/stores" -> List.of("{\"marketplace\":\"EBAY\",\"name\":\"Fuzz shop\","
                    + "\"credentials\":{\"clientId\":\"c\",\"clientSecret\":\"s\",\"sellingPartnerId\":\"p\","
                    + "\"refreshToken\":\"r\"}}");
            case "PATCH /api/v1/stores/{id}" -> List.of("{\"name\":\"Fuzz renamed\",\"credentials\":{\"clientId\":\"c\","
                    + "\"clientSecret\":\"s\",\"sellingPartnerId\":\"p\",\"refreshToken\":\"r\"}}");
            case "POST /api/v1/stores/{id}/invitations" -> List.of("{\"email\":\"nobody-" + RANDOM + "@example.test\"}");
            case "PUT /api/v1/stores/{id}/shipping/api-key" -> List.of("{\"apiKey\":\"" + shop.apiKey() + "\"}");
            case "PUT /api/v1/stores/{id}/shipping/defaults" ->
                    List.of("{\"defaultService\":\"Priority\",\"labelFormat\":\"PDF\"}");
            case "POST /api/v1/stores/{id}/shipping/addresses" -> List.of("{\"label\":\"Dock\",\"name\":\"Shipping\","
                    + "\"company\":\"Fuzz Goods\",\"street1\":\"215 Clayton St\",\"street2\":\"Unit 2\","
                    + "\"city\":\"San Francisco\",\"state\":\"CA\",\"zip\":\"94117\",\"country\":\"US\","
                    + "\"phone\":\"4155550100\",\"makeDefault\":false}");
            case "POST /api/v1/stores/{id}/shipping/packages" -> List.of("{\"name\":\"Fuzz box\",\"weightOz\":12,"
                    + "\"lengthIn\":6,\"widthIn\":5,\"heightIn\":4}");
            case "PUT /api/v1/stores/{id}/shipping/store-defaults" -> List.of("{\"shipFromId\":\""
                    + ids.get("ship-from") + "\",\"packageId\":\"" + ids.get("package") + "\"}");
            case "POST /api/v1/shipping/addresses" -> List.of("{\"label\":\"Shared dock\",\"name\":\"Shipping\","
                    + "\"company\":\"Fuzz Goods\",\"street1\":\"215 Clayton St\",\"street2\":\"Unit 3\","
                    + "\"city\":\"San Francisco\",\"state\":\"CA\",\"zip\":\"94117\",\"country\":\"US\","
                    + "\"phone\":\"4155550100\",\"makeDefault\":false}");
            case "POST /api/v1/shipping/packages" -> List.of("{\"name\":\"Fuzz shared box\",\"weightOz\":12,"
                    + "\"lengthIn\":6,\"widthIn\":5,\"heightIn\":4}");
            case "POST /api/v1/orders/{id}/shipment/rates" -> List.of("{\"shipFromId\":\"" + ids.get("ship-from")
                    + "\",\"packageId\":\"" + ids.get("package") + "\"}");
            case "POST /api/v1/orders/{id}/shipment/buy" -> List.of("{\"rateId\":\"rate_0000\"}");
            case "POST /api/v1/label-batches/preview" -> List.of("{\"orderIds\":[\"" + ids.get("order") + "\"]}");
            case "POST /api/v1/label-batches" -> List.of(
                    "{\"orderIds\":[\"" + RANDOM + "\"]}",
                    "{\"filter\":{\"store\":\"" + ids.get("store") + "\",\"marketplace\":\"WALMART\","
                            + "\"status\":\"UNSHIPPED\",\"shipByFrom\":\"2026-01-01\",\"shipByTo\":\"2026-01-02\","
                            + "\"late\":false,\"atRisk\":false,\"q\":\"no such buyer\"},\"stores\":[{\"storeId\":\""
                            + ids.get("store") + "\",\"shipFromId\":\"" + ids.get("ship-from") + "\",\"packageId\":\""
                            + ids.get("package") + "\"}]}");
            default -> List.of(schemaExample(target));
        };
        List<ObjectNode> nodes = new ArrayList<>();
        for (String body : bodies) {
            nodes.add((ObjectNode) JSON.readTree(body));
        }
        return nodes;
    }

    /** For an operation this test has no hand-made body for: every property a string. */
    private String schemaExample(Target target) {
        JsonNode schema = target.operation().path("requestBody").path("content").path("application/json")
                .path("schema");
        ObjectNode example = JSON.createObjectNode();
        schema.path("properties").propertyNames().forEach(name -> example.put(name, "x"));
        failures.add("no hand-made body for " + target.method() + " " + target.template() + " (add one to the test)");
        return example.toString();
    }

    /** Paths to every field: top-level, inside objects, and the first element of arrays. */
    private static List<List<Object>> fields(JsonNode node) {
        List<List<Object>> paths = new ArrayList<>();
        collect(node, new ArrayList<>(), paths);
        return paths;
    }

    private static void collect(JsonNode node, List<Object> at, List<List<Object>> paths) {
        if (node.isObject()) {
            for (String name : node.propertyNames()) {
                List<Object> child = new ArrayList<>(at);
                child.add(name);
                paths.add(child);
                collect(node.get(name), child, paths);
            }
        } else if (node.isArray() && !node.isEmpty()) {
            List<Object> child = new ArrayList<>(at);
            child.add(0);
            paths.add(child);
            collect(node.get(0), child, paths);
        }
    }

    private static byte[] with(ObjectNode base, List<Object> path, JsonNode value) {
        JsonNode copy = base.deepCopy();
        JsonNode parent = copy;
        for (int i = 0; i < path.size() - 1; i++) {
            Object step = path.get(i);
            parent = step instanceof Integer index ? parent.get(index) : parent.get((String) step);
        }
        Object last = path.get(path.size() - 1);
        if (last instanceof Integer index) {
            ((ArrayNode) parent).set(index, value);
        } else {
            ((ObjectNode) parent).set((String) last, value);
        }
        return JSON.writeValueAsBytes(copy);
    }

    // ---- paths

    private static final Pattern PARAM = Pattern.compile("\\{([^}]+)}");

    private static List<String> pathParams(String template) {
        List<String> names = new ArrayList<>();
        Matcher matcher = PARAM.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static String fill(String template, Map<String, String> ids) {
        String path = template;
        for (String param : pathParams(template)) {
            path = replaceParam(path, param, idFor(template, param, ids), ids);
        }
        return path;
    }

    private static String replaceParam(String template, String param, String value, Map<String, String> ids) {
        String path = template.replace("{" + param + "}", value);
        for (String other : pathParams(path)) {
            path = path.replace("{" + other + "}", idFor(template, other, ids));
        }
        return path;
    }

    private static String idFor(String template, String param, Map<String, String> ids) {
        return switch (param) {
            case "addressId" -> ids.get("ship-from");
            case "packageId" -> ids.get("package");
            case "operatorId" -> ids.get("operator");
            case "invitationId" -> ids.get("outgoing-invitation");
            default -> {
                if (template.startsWith("/api/v1/invitations/")) {
                    yield ids.get("invitation");
                }
                if (template.startsWith("/api/v1/stores/")) {
                    yield ids.get("store");
                } else if (template.startsWith("/api/v1/orders/")) {
                    yield ids.get("order");
                } else if (template.startsWith("/api/v1/shipments/")) {
                    yield ids.get("shipment");
                } else if (template.startsWith("/api/v1/label-batches/")) {
                    yield ids.get("label-batch");
                } else if (template.startsWith("/api/v1/listings/")) {
                    yield ids.get("listing");
                }
                throw new IllegalStateException("no id for " + param + " in " + template);
            }
        };
    }

    private static String cursor(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    // ---- what the owner has stored

    private static final List<String> VOLATILE = List.of("spring_session", "spring_session_attributes",
            "scheduled_tasks", "rate_bucket", "login_throttle", "api_token", "tracking_push", "flyway_schema_history",
            "job",
            "event_publication", "event_publication_archive");

    private String snapshotQuery;

    /** A hash of every row that belongs to the owner: their operator row, stores and everything under them. */
    private String snapshot() throws Exception {
        if (snapshotQuery == null) {
            snapshotQuery = snapshotQuery();
        }
        try (Statement sql = superuser.createStatement(); ResultSet rows = sql.executeQuery(snapshotQuery)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** One query over every table but the volatile ones, each narrowed to the owner's rows. */
    private String snapshotQuery() throws Exception {
        List<String[]> tables = new ArrayList<>();
        try (Statement sql = superuser.createStatement(); ResultSet rows = sql.executeQuery("""
                select t.table_name,
                       bool_or(c.column_name = 'store_id'), bool_or(c.column_name = 'order_id'),
                       bool_or(c.column_name = 'batch_id')
                  from information_schema.tables t join information_schema.columns c
                    on c.table_schema = t.table_schema and c.table_name = t.table_name
                 where t.table_schema = 'esm' and t.table_type = 'BASE TABLE'
                 group by t.table_name order by t.table_name""")) {
            while (rows.next()) {
                tables.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)});
            }
        }
        String stores = "(select id from esm.store where owner_id = '" + owner + "')";
        List<String> parts = new ArrayList<>();
        for (String[] table : tables) {
            String name = table[0];
            if (VOLATILE.contains(name)) {
                continue;
            }
            String where = switch (name) {
                case "operator" -> "id = '" + owner + "'";
                case "store" -> "owner_id = '" + owner + "'";
                case "store_access" -> "store_owner_id = '" + owner + "' or operator_id = '" + owner + "'";
                case "audit_event" -> "actor_id = '" + owner + "'";
                case "label_batch" -> "operator_id = '" + owner + "'";
                case "account_export" -> "operator_id = '" + owner + "'";
                default -> table[1].equals("t") ? "store_id in " + stores
                        : table[2].equals("t") ? "order_id in (select id from esm.customer_order where store_id in "
                        + stores + ")"
                        : table[3].equals("t") ? "batch_id in (select id from esm.label_batch where operator_id = '"
                        + owner + "')" : "true";
            };
            parts.add("(select '" + name + "=' || count(*) || ':' || coalesce(md5(string_agg(t::text, '|' "
                    + "order by t::text)), '') from esm." + name + " t where " + where + ")");
        }
        return "select " + String.join(" || ';' || ", parts);
    }

    /** A label batch the request started works in the background: wait until it is done. */
    private void awaitBatch(Answer answer) throws Exception {
        String location = answer.headers().get("location");
        if (answer.status() != 201 || location == null || !location.contains("/label-batches/")) {
            return;
        }
        long deadline = System.currentTimeMillis() + 60_000;
        Map<String, String> headers = Map.of("Authorization", "Bearer " + token, "Accept", "application/json");
        while (System.currentTimeMillis() < deadline) {
            String path = java.net.URI.create(location).getRawPath();
            JsonNode batch = JSON.readTree(http.send("GET", path, headers, null).body());
            if (batch.path("batch").path("state").asString().equals("DONE")) {
                return;
            }
            Thread.sleep(200);
        }
        failures.add("label batch did not finish: " + location);
    }

    /** The snapshot once background work a successful request started has settled. */
    private String settledSnapshot() throws Exception {
        String last = snapshot();
        for (int i = 0; i < 20; i++) {
            Thread.sleep(100);
            String now = snapshot();
            if (now.equals(last)) {
                return now;
            }
            last = now;
        }
        return last;
    }
}
