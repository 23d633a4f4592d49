package dev.esm.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;

/** Each shape the masking layer knows is masked; the ids, times and numbers a log needs are left as they are. */
class LogMaskingTests {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " | ", textBlock = """
            email                  | Sent to jane.buyer+shop@example.com today      | jane.buyer+shop@example.com
            phone, international   | call +1 415 555 0100 now                       | +1 415 555 0100
            phone, North American  | phone (415) 555-0100 on file                   | (415) 555-0100
            phone, dashes          | reach 415-555-0100                             | 415-555-0100
            bearer token           | Authorization: Bearer abcDEF123456.xyz-_~+/    | abcDEF123456.xyz-_~+/
            basic credentials      | header Basic dXNlcjpwYXNzd29yZA==              | dXNlcjpwYXNzd29yZA==
            client_secret form     | grant_type=refresh_token&client_secret=s3cr3t-V4lue&x=1 | s3cr3t-V4lue
            refresh_token form     | refresh_token=R3fresh-Token-Value&scope=a      | R3fresh-Token-Value
            JSON secret            | {"clientSecret": "json-secret-value"}          | json-secret-value
            JSON phone             | {"phone":"4155550100","city":"X"}              | 4155550100
            JSON buyer name        | {"buyerName":"Jane Q Buyer"}                   | Jane Q Buyer
            address line           | addressLine1=215-Clayton-St                    | 215-Clayton-St
            password               | password: hunter2hunter2                       | hunter2hunter2
            api key                | api_key=k3y-value-123                          | k3y-value-123
            EasyPost test key      | key EZTK1234567890abcdefABCDEF rejected        | EZTK1234567890abcdefABCDEF
            EasyPost live key      | key EZAK1234567890abcdefABCDEF rejected        | EZAK1234567890abcdefABCDEF
            Amazon refresh token   | got Atzr|IwEBIA-abc_def/ghi+jkl= back          | Atzr|IwEBIA-abc_def/ghi+jkl=
            Amazon access token    | got Atza|IwEBIAxyz back                        | Atza|IwEBIAxyz
            Amazon client secret   | secret amzn1.oa2-cs.v1.0123456789abcdef used    | amzn1.oa2-cs.v1.0123456789abcdef
            eBay user token        | token v^1.1#i^1#p^3#r^1#I^3#f^0#t^H4sIAAAA= sent | v^1.1#i^1#p^3#r^1#I^3#f^0#t^H4sIAAAA=
            JSON web token         | id eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl here | eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl
            card, grouped          | card 4111 1111 1111 1111 declined              | 4111 1111 1111 1111
            card, one run          | card 5555555555554444 declined                 | 5555555555554444
            """)
    void masks(String shape, String line, String secret) {
        String masked = LogMasking.mask(line);
        assertThat(masked).as(shape).doesNotContain(secret).contains(LogMasking.MASK);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " | ", textBlock = """
            operator id            | Operator 0b9e3c1e-58a8-4d8e-9f7b-2f0d6f3c2a11 signed in
            Walmart order number   | order 1796277083022 imported
            Amazon order number    | order 112-1234567-1234567 imported
            eBay order number      | order 12-34567-89012 imported
            epoch millis           | expires 1764790000000
            tracking number        | tracking 9400111899223344556677
            card-like but not Luhn | 4111 1111 1111 1112 is no card
            time and address       | 2026-12-03T18:55:01.123Z from 203.0.113.7 in 1234 ms
            audit target           | store.revoke store:9 operator:api-token:7
            """)
    void leavesWhatALogNeeds(String shape, String line) {
        assertThat(LogMasking.mask(line)).as(shape).isEqualTo(line);
    }

    @Test
    void maskingTwiceChangesNothingMore() {
        String once = LogMasking.mask("client_secret=abc123456 Authorization: Bearer abcdefghijk");
        assertThat(LogMasking.mask(once)).isEqualTo(once);
        assertThat(once).isEqualTo("client_secret=[masked] Authorization: [masked] [masked]");
    }

    @Test
    void theMessageConverterMasksTheFormattedMessageAndItsArguments() {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("test"), Level.INFO,
                "buyer {} at {}", null, new Object[] {"jane@example.com", "+1 415 555 0100"});
        MaskedMessage converter = new MaskedMessage();
        converter.start();
        assertThat(converter.convert(event)).isEqualTo("buyer [masked] at [masked]");
    }

    @Test
    void theThrowableConverterMasksAnExceptionsMessage() {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("test"), Level.ERROR, "failed",
                new IllegalStateException("refused refresh_token=Atzr|secret-token-value"), null);
        MaskedThrowable converter = new MaskedThrowable();
        converter.setContext(context);
        converter.start();
        assertThat(converter.convert(event)).contains("IllegalStateException").doesNotContain("secret-token-value");
    }
}
