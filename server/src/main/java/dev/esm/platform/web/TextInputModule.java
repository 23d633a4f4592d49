package dev.esm.platform.web;

import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Every string read from a JSON body passes {@link InputText}: a control character, an unpaired surrogate or an
 * oversized value makes the body unreadable, which the API answers with 400 problem+json before any controller
 * runs. Registered with the application's JSON mapper (Spring Boot picks up module beans).
 */
@Component
class TextInputModule extends SimpleModule {

    TextInputModule() {
        super("esm-text-input");
        addDeserializer(String.class, new CheckedStringDeserializer());
    }

    static final class CheckedStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws JacksonException {
            return checked(super.deserialize(p, ctxt), ctxt);
        }

        private static String checked(String value, DeserializationContext ctxt) {
            String problem = InputText.problem(value);
            if (problem != null) {
                // the message names the rule, never the text (it may be anything, including a buyer's address)
                throw ctxt.weirdStringException("(refused text)", String.class, "the text " + problem);
            }
            return value;
        }
    }
}
