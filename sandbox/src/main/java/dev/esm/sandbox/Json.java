package dev.esm.sandbox;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The one Jackson 3 mapper of the sandbox plus small helpers for reading untrusted request bodies. */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    public static byte[] bytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    /** Parses a body; throws {@link JacksonException} (unchecked) when it is not JSON. */
    public static JsonNode parse(byte[] body) {
        return MAPPER.readTree(body);
    }

    /** The text of a scalar node (string or number), or null when missing, null or not a scalar. */
    public static String text(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull() || node.isContainer()) {
            return null;
        }
        return node.isString() ? node.stringValue() : node.asString();
    }
}
