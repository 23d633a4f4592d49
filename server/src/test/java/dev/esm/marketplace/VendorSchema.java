package dev.esm.marketplace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small shape check of a JSON value against a schema of a vendor's OpenAPI or Swagger file (shared/contracts):
 * {@code $ref}, {@code allOf}, required properties, no properties the schema does not name, JSON types and enums.
 * Enough to catch a misspelt or misplaced field, not a full validator.
 */
public final class VendorSchema {

    private final JsonNode spec;

    private VendorSchema(JsonNode spec) {
        this.spec = spec;
    }

    /**
     * The vendor file beside this checkout ({@code ../../shared/contracts/...}); when absent the test fails in CI and
     * is skipped elsewhere ({@link SharedContracts}).
     */
    public static VendorSchema of(String relativePath) throws IOException {
        Path file = SharedContracts.require(relativePath);
        return new VendorSchema(JsonMapper.builder().build().readTree(Files.readString(file)));
    }

    public JsonNode spec() {
        return spec;
    }

    /** What in {@code value} does not fit {@code schema}; empty when it fits. */
    public List<String> problems(JsonNode schema, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> problems) {
        schema = resolve(schema);
        for (JsonNode part : schema.path("allOf")) {
            check(part, value, at, problems);
        }
        String type = schema.path("type").asString("");
        if (type.isEmpty() && schema.has("properties")) {
            type = "object";
        }
        switch (type) {
            case "object" -> object(schema, value, at, problems);
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(at + " is not an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.path("items"), value.get(i), at + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isString()) {
                    problems.add(at + " is not a string");
                } else if (schema.has("enum") && !contains(schema.path("enum"), value.asString())) {
                    problems.add(at + " = " + value.asString() + " is not one of " + schema.path("enum"));
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(at + " is not an integer");
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(at + " is not a number");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(at + " is not a boolean");
                }
            }
            default -> {
                // no type: anything goes
            }
        }
    }

    private void object(JsonNode schema, JsonNode value, String at, List<String> problems) {
        if (!value.isObject()) {
            problems.add(at + " is not an object");
            return;
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asString())) {
                problems.add(at + "." + required.asString() + " is required");
            }
        }
        JsonNode properties = schema.path("properties");
        for (var field : value.properties()) {
            if (properties.has(field.getKey())) {
                check(properties.path(field.getKey()), field.getValue(), at + "." + field.getKey(), problems);
            } else if (!schema.path("additionalProperties").asBoolean(false) && !schema.has("allOf")) {
                problems.add(at + "." + field.getKey() + " is not in the schema");
            }
        }
    }

    private JsonNode resolve(JsonNode schema) {
        for (int depth = 0; schema.has("$ref") && depth < 20; depth++) {
            schema = spec.at(schema.path("$ref").asString().substring(1));
        }
        return schema;
    }

    private static boolean contains(JsonNode values, String value) {
        for (JsonNode v : values) {
            if (v.asString().equals(value)) {
                return true;
            }
        }
        return false;
    }
}
