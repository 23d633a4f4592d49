package dev.esm.sandbox.easypost;

import dev.esm.sandbox.Json;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A bare-bones EasyPost client over java.net.http for the tests: real HTTP on 127.0.0.1, HTTP Basic with the key. */
final class EasyPostHttp {

    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    final String baseUrl;
    final String apiKey;

    EasyPostHttp(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
    }

    static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : baseUrl + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", basic(apiKey));
    }

    HttpResponse<String> get(String path) {
        return send(request(path).GET().build());
    }

    HttpResponse<String> post(String path, String json) {
        HttpRequest.Builder b = request(path);
        if (json == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return send(b.build());
    }

    byte[] download(String url) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("download " + url + ": " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Asserts the status and returns the parsed body. */
    static JsonNode json(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected " + status + " but got " + response.statusCode() + ": "
                    + response.body());
        }
        return Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode json(HttpResponse<String> response) {
        return Json.parse(response.body().getBytes(StandardCharsets.UTF_8));
    }

    static String address(String name, String street, String city, String state, String zip) {
        return "{\"name\":\"" + name + "\",\"street1\":\"" + street + "\",\"city\":\"" + city + "\",\"state\":\""
                + state + "\",\"zip\":\"" + zip + "\",\"country\":\"US\",\"phone\":\"5125550142\"}";
    }

    /** Sandbox seller in Austin TX. */
    static final String FROM = address("Sample Shop", "100 Maple St", "Austin", "TX", "78701");

    static String shipment(String to, double weightOz, String extra) {
        return "{\"shipment\":{\"from_address\":" + FROM + ",\"to_address\":" + to
                + ",\"parcel\":{\"length\":10,\"width\":8,\"height\":4,\"weight\":" + weightOz + "}"
                + (extra == null ? "" : "," + extra) + "}}";
    }

    JsonNode createShipment(String to, double weightOz, String extra) {
        return json(post("/v2/shipments", shipment(to, weightOz, extra)), 201);
    }

    static String rateId(JsonNode shipment, String service) {
        for (JsonNode rate : shipment.path("rates")) {
            if (rate.path("service").asString().equals(service)) {
                return rate.path("id").asString();
            }
        }
        throw new AssertionError("no " + service + " rate in " + shipment);
    }

    JsonNode buy(JsonNode shipment, String service) {
        return json(post("/v2/shipments/" + shipment.path("id").asString() + "/buy",
                "{\"rate\":{\"id\":\"" + rateId(shipment, service) + "\"}}"), 200);
    }
}
