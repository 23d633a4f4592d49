package dev.esm.sandbox.ebay;

import dev.esm.sandbox.SandboxClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.esm.sandbox.ebay.EbayHttp.ORDERS;
import static dev.esm.sandbox.ebay.EbayHttp.errorId;
import static dev.esm.sandbox.ebay.EbayHttp.filter;
import static org.assertj.core.api.Assertions.assertThat;

class EbayFilterTest {

    private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

    private final SandboxClock clock = SandboxClock.fixed(NOW);
    private EbaySimulator ebay;
    private EbaySeller seller;
    private EbayHttp client;
    private String token;

    @BeforeEach
    void start() {
        ebay = new EbaySimulator(clock, 3).start(0);
        EbayApp app = ebay.registerApp("filter-app", "filter-cert");
        seller = ebay.registerSeller("filter_seller").generateOrders(600, Duration.ofDays(60));
        client = new EbayHttp(ebay.baseUrl());
        token = client.accessToken(app, ebay.issueRefreshToken(app, seller));
    }

    @AfterEach
    void stop() {
        ebay.close();
    }

    @Test
    void lastModifiedWindowIsInclusiveAtBothEnds() {
        String edge = seller.orderIds().stream().filter(id -> seller.lastModified(id) < NOW.toEpochMilli() - 86_400_000L)
                .findFirst().orElseThrow();
        Instant at = Instant.ofEpochMilli(seller.lastModified(edge));
        Set<String> from = ids("lastmodifieddate:[" + iso(at) + ".." + iso(NOW.minus(Duration.ofHours(1))) + "]");
        Set<String> to = ids("lastmodifieddate:[" + iso(at.minus(Duration.ofDays(3))) + ".." + iso(at) + "]");
        assertThat(from).contains(edge);
        assertThat(to).contains(edge);
        for (String id : from) {
            assertThat(seller.lastModified(id)).isBetween(at.toEpochMilli(),
                    NOW.minus(Duration.ofHours(1)).toEpochMilli());
        }
        long expected = seller.orderIds().stream().filter(id -> seller.lastModified(id) >= at.toEpochMilli()
                && seller.lastModified(id) <= NOW.minus(Duration.ofHours(1)).toEpochMilli()).count();
        assertThat(from).hasSize((int) expected);
    }

    @Test
    void creationDateWinsOverLastModifiedAndTheDefaultIsNinetyDaysOfCreation() {
        String since = iso(NOW.minus(Duration.ofDays(10)));
        Set<String> created = ids("creationdate:[" + since + "..]");
        Set<String> both = ids("creationdate:[" + since + "..],lastmodifieddate:[" + iso(NOW.minus(Duration.ofDays(1)))
                + "..]");
        assertThat(both).isEqualTo(created);
        assertThat(created).allSatisfy(id -> assertThat(seller.order(id).orElseThrow().creationDate())
                .isGreaterThanOrEqualTo(NOW.minus(Duration.ofDays(10)).toEpochMilli()));
        assertThat(ids(null)).hasSize(600);
        assertThat(ids("creationdate:[2026-02-20T00:00:00Z..2026-02-21T00:00:00+00:00]")).isNotEmpty();
    }

    @Test
    void fulfillmentStatusCombinations() {
        Set<String> open = ids("orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS}");
        Set<String> shipping = ids("orderfulfillmentstatus:{IN_PROGRESS|FULFILLED}");
        assertThat(open).isNotEmpty().allSatisfy(id -> assertThat(seller.order(id).orElseThrow().fulfillmentStatus())
                .isNotEqualTo(EbayOrder.Fulfillment.FULFILLED));
        assertThat(shipping).isNotEmpty().allSatisfy(id -> assertThat(seller.order(id).orElseThrow()
                .fulfillmentStatus()).isNotEqualTo(EbayOrder.Fulfillment.NOT_STARTED));
        Set<String> withSpaces = ids("lastmodifieddate:[" + iso(NOW.minus(Duration.ofDays(80))) + "..], "
                + "orderfulfillmentstatus:{NOT_STARTED|IN_PROGRESS}");
        assertThat(withSpaces).isEqualTo(open);
    }

    @Test
    void badFiltersAnswerTheSpecsErrorIds() {
        assertThat(status("createddate:[2026-03-01T00:00:00.000Z..]")).isEqualTo(30700);
        assertThat(status("lastmodifieddate:2026-03-01T00:00:00.000Z")).isEqualTo(30800);
        assertThat(status("orderfulfillmentstatus:{FULFILLED}")).isEqualTo(30800);
        assertThat(status("orderfulfillmentstatus:{NOT_STARTED|FULFILLED}")).isEqualTo(30800);
        assertThat(status("lastmodifieddate:[yesterday..]")).isEqualTo(30810);
        assertThat(status("lastmodifieddate:[..2026-03-01T00:00:00.000Z]")).isEqualTo(30820);
        assertThat(status("lastmodifieddate:[2025-11-01T00:00:00.000Z..]")).isEqualTo(30830);
        assertThat(status("lastmodifieddate:[2026-03-01T00:00:00.000Z..2026-02-01T00:00:00.000Z]")).isEqualTo(30840);
        assertThat(status("creationdate:[2026-03-01T00:00:00.000Z..2026-03-02T12:00:00.001Z]")).isEqualTo(30850);
        assertThat(status("creationdate:[2026-03-01T00:00:00.000Z..2026-03-02T12:00:00.000Z]")).isZero();
    }

    @Test
    void bracketsMustBePercentEncoded() throws IOException {
        String raw = "/sell/fulfillment/v1/order?filter=lastmodifieddate:[2026-03-01T00:00:00.000Z..]";
        assertThat(rawGet(raw)).isEqualTo(400);
        ebay.setRequireEncodedFilter(false);
        assertThat(rawGet(raw)).isEqualTo(200);
    }

    private int rawGet(String pathAndQuery) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(ebay.baseUrl() + pathAndQuery).openConnection();
        c.setRequestProperty("Authorization", "Bearer " + token);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    private Set<String> ids(String filter) {
        List<JsonNode> orders = client.pageAll(token, (filter == null ? "" : filter(filter) + "&") + "limit=200", null);
        return orders.stream().map(o -> o.path("orderId").asString()).collect(Collectors.toSet());
    }

    /** The errorId of a refused filter, 0 when accepted. */
    private int status(String filter) {
        var response = client.get(ORDERS + "?" + filter(filter), token);
        return response.statusCode() == 200 ? 0 : errorId(response);
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }
}
