package dev.esm.marketplace.ebay;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.esm.marketplace.SharedContracts;

/**
 * eBay's Fulfillment OpenAPI file (shared/contracts/ebay) for tests: resolves property paths through its schemas and
 * builds sample instances of a schema, with every property filled in (strings from per-path overrides, else
 * "{name}-sample"; integers 1; arrays of one), so a test can read a payload spelled exactly as the spec spells it.
 */
final class EbaySpec {

    static final String RELATIVE = "ebay/sell_fulfillment_v1_oas3.json";
    private static final int MAX_DEPTH = 8;

    private final JsonNode schemas;
    private final Map<String, Object> overrides;

    private EbaySpec(JsonNode spec, Map<String, Object> overrides) {
        this.schemas = spec.path("components").path("schemas");
        this.overrides = overrides;
    }

    /** The spec; when shared/contracts is not beside this checkout, a failed test in CI and a skipped one elsewhere. */
    static JsonNode load() throws IOException {
        return JsonMapper.builder().build().readTree(Files.readString(SharedContracts.require(RELATIVE)));
    }

    /** A sample of a schema; {@code overrides} maps a path suffix such as {@code pricingSummary.total.value} to a value. */
    static ObjectNode sample(JsonNode spec, String schema, Map<String, Object> overrides) {
        return (ObjectNode) new EbaySpec(spec, overrides).instance(schemaRef(schema), "", "", 0);
    }

    /** True when {@code path} ({@code a.b[].c}) names properties that exist, starting at {@code schema}. */
    static boolean has(JsonNode spec, String schema, String path) {
        JsonNode node = spec.path("components").path("schemas").path(schema);
        for (String part : path.split("\\.")) {
            boolean array = part.endsWith("[]");
            String name = array ? part.substring(0, part.length() - 2) : part;
            node = resolve(spec, node.path("properties").path(name));
            if (node.isMissingNode()) {
                return false;
            }
            if (array) {
                node = resolve(spec, node.path("items"));
            }
        }
        return true;
    }

    private static JsonNode resolve(JsonNode spec, JsonNode node) {
        String ref = node.path("$ref").asString("");
        return ref.isEmpty() ? node : spec.at(ref.substring(1));
    }

    private static JsonNode schemaRef(String schema) {
        return JsonNodeFactory.instance.objectNode().put("$ref", "#/components/schemas/" + schema);
    }

    private JsonNode instance(JsonNode schema, String path, String name, int depth) {
        String ref = schema.path("$ref").asString("");
        if (!ref.isEmpty()) {
            schema = schemas.path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        Map.Entry<String, Object> override = null;
        for (Map.Entry<String, Object> o : overrides.entrySet()) {
            boolean matches = path.equals(o.getKey()) || path.endsWith("." + o.getKey());
            if (matches && (override == null || o.getKey().length() > override.getKey().length())) {
                override = o; // the longest matching suffix wins
            }
        }
        if (override != null) {
            return override.getValue() instanceof Integer i ? JsonNodeFactory.instance.numberNode(i)
                    : JsonNodeFactory.instance.stringNode(String.valueOf(override.getValue()));
        }
        String type = schema.path("type").asString(schema.has("properties") ? "object" : "string");
        switch (type) {
            case "object" -> {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                if (depth < MAX_DEPTH) {
                    schema.path("properties").properties().forEach(p -> object.set(p.getKey(),
                            instance(p.getValue(), path.isEmpty() ? p.getKey() : path + "." + p.getKey(), p.getKey(),
                                    depth + 1)));
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                array.add(instance(schema.path("items"), path, name, depth + 1));
                return array;
            }
            case "integer" -> {
                return JsonNodeFactory.instance.numberNode(1);
            }
            case "number" -> {
                return JsonNodeFactory.instance.numberNode(1.0);
            }
            case "boolean" -> {
                return JsonNodeFactory.instance.booleanNode(false);
            }
            default -> {
                return JsonNodeFactory.instance.stringNode(name + "-sample");
            }
        }
    }
}
