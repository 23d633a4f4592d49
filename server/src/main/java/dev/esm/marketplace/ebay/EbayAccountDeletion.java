package dev.esm.marketplace.ebay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.marketplace.AccountDeletion;
import dev.esm.marketplace.AccountDeletionEndpoint;
import dev.esm.marketplace.MarketplaceException.MarketplaceUnavailable;
import dev.esm.shared.Marketplace;

/**
 * eBay's Marketplace Account Deletion endpoint (marketplaces.md §3.7). The endpoint check answers
 * {@code {"challengeResponse": hex(SHA-256(challengeCode + verificationToken + endpointUrl))}}. A notification is
 * accepted only with an {@code X-EBAY-SIGNATURE} header (base64 of {@code {"alg","kid","signature","digest"}}) whose
 * ECDSA signature verifies, with the key eBay serves for {@code kid}, over the body's bytes exactly as received (or,
 * as eBay's own SDK checks, over the body re-written as compact JSON: the same content), and a body that is a
 * {@code MARKETPLACE_ACCOUNT_DELETION} notification with a notification id and a user.
 */
@Component
class EbayAccountDeletion implements AccountDeletionEndpoint {

    static final String SIGNATURE_HEADER = "X-EBAY-SIGNATURE";
    static final String TOPIC = "MARKETPLACE_ACCOUNT_DELETION";
    /** Longer headers and bodies are not eBay's (a notice is a few hundred bytes). */
    private static final int MAX_HEADER = 4_096;
    private static final int MAX_TEXT = 200;

    private final String verificationToken;
    private final String endpointUrl;
    private final EbayNotificationKeys keys;
    private final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    EbayAccountDeletion(EbayProperties connector, EbayAccountDeletionProperties properties, Environment environment) {
        this(or(properties.verificationToken(), environment.getProperty("ESM_EBAY_DELETION_VERIFICATION_TOKEN")),
                or(properties.endpointUrl(), environment.getProperty("ESM_EBAY_DELETION_ENDPOINT_URL")),
                new EbayNotificationKeys(connector, properties.keyCache(), new EbayHttp(), Clock.systemUTC()));
    }

    EbayAccountDeletion(String verificationToken, String endpointUrl, EbayNotificationKeys keys) {
        this.verificationToken = verificationToken;
        this.endpointUrl = endpointUrl;
        this.keys = keys;
    }

    @Override
    public Marketplace marketplace() {
        return Marketplace.EBAY;
    }

    @Override
    public boolean enabled() {
        return !verificationToken.isEmpty() && !endpointUrl.isEmpty();
    }

    @Override
    public Optional<Map<String, String>> challenge(Map<String, String> query) {
        String code = query.get("challenge_code");
        if (code == null || code.isEmpty() || code.length() > MAX_TEXT) {
            return Optional.empty();
        }
        return Optional.of(Map.of("challengeResponse", challengeResponse(code, verificationToken, endpointUrl)));
    }

    /** Lower-case hex SHA-256 of the three, in this order, as UTF-8. */
    static String challengeResponse(String code, String token, String endpoint) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(code.getBytes(StandardCharsets.UTF_8));
            sha256.update(token.getBytes(StandardCharsets.UTF_8));
            sha256.update(endpoint.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public AccountDeletion verify(UnaryOperator<String> header, byte[] body)
            throws NoticeRefused, MarketplaceUnavailable {
        Header signature = header(header.apply(SIGNATURE_HEADER));
        if (!signature.alg().equalsIgnoreCase("ecdsa")) {
            throw new NoticeRefused("The signature's algorithm is not ECDSA.");
        }
        EbayNotificationKeys.NotificationKey key = keys.key(signature.kid())
                .orElseThrow(() -> new NoticeRefused("The signature's key id is not known to eBay."));
        if (!key.algorithm().equalsIgnoreCase("ecdsa") || !key.digest().equalsIgnoreCase(signature.digest())) {
            throw new NoticeRefused("The signature's digest is not the key's.");
        }
        JsonNode notice = parse(body);
        if (!verifies(key, signature.signature(), body)
                && !verifies(key, signature.signature(), json.writeValueAsBytes(notice))) {
            throw new NoticeRefused("The signature does not match the body.");
        }
        return notice(notice);
    }

    private record Header(String alg, String kid, byte[] signature, String digest) {
    }

    private Header header(String value) throws NoticeRefused {
        if (value == null || value.isBlank()) {
            throw new NoticeRefused("The X-EBAY-SIGNATURE header is missing.");
        }
        if (value.length() > MAX_HEADER) {
            throw new NoticeRefused("The X-EBAY-SIGNATURE header is too long.");
        }
        try {
            JsonNode node = json.readTree(Base64.getDecoder().decode(value.strip()));
            if (node == null || !node.isObject()) {
                throw new NoticeRefused("The X-EBAY-SIGNATURE header is not base64 of a JSON object.");
            }
            String alg = EbayHttp.text(node.path("alg"));
            String kid = EbayHttp.text(node.path("kid"));
            String signature = EbayHttp.text(node.path("signature"));
            String digest = EbayHttp.text(node.path("digest"));
            if (alg == null || kid == null || signature == null || digest == null
                    || !kid.matches("[A-Za-z0-9_.:-]{1,128}") || !digest.matches("(?i)SHA(1|256)")) {
                throw new NoticeRefused("The X-EBAY-SIGNATURE header lacks alg, kid, signature or digest.");
            }
            return new Header(alg, kid, Base64.getDecoder().decode(signature), digest.toUpperCase(Locale.ROOT));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new NoticeRefused("The X-EBAY-SIGNATURE header is not base64 of a JSON object.");
        }
    }

    private static boolean verifies(EbayNotificationKeys.NotificationKey key, byte[] signature, byte[] payload) {
        try {
            Signature verifier = Signature.getInstance(key.digest().toUpperCase(Locale.ROOT) + "withECDSA");
            verifier.initVerify(key.key());
            verifier.update(payload);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private JsonNode parse(byte[] body) throws NoticeRefused {
        try {
            JsonNode node = body == null || body.length == 0 ? null : json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new NoticeRefused("The body is not a JSON object.");
            }
            return node;
        } catch (JacksonException e) {
            throw new NoticeRefused("The body is not JSON.");
        }
    }

    private static AccountDeletion notice(JsonNode body) throws NoticeRefused {
        if (!TOPIC.equals(EbayHttp.text(body.path("metadata").path("topic")))) {
            throw new NoticeRefused("The notification is not a " + TOPIC + " notification.");
        }
        JsonNode notification = body.path("notification");
        String id = EbayHttp.text(notification.path("notificationId"));
        JsonNode data = notification.path("data");
        String username = EbayHttp.text(data.path("username"));
        String userId = EbayHttp.text(data.path("userId"));
        if (id == null || id.isBlank() || id.length() > MAX_TEXT || (blank(username) && blank(userId))
                || length(username) > MAX_TEXT || length(userId) > MAX_TEXT) {
            throw new NoticeRefused("The notification lacks its id or the user's id and username.");
        }
        return new AccountDeletion(Marketplace.EBAY, id, instant(EbayHttp.text(notification.path("eventDate"))),
                EbayAccounts.keys(username, userId), blank(userId) ? null : userId.strip());
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static int length(String value) {
        return value == null ? 0 : value.length();
    }

    private static String or(String value, String fallback) {
        return value != null && !value.isEmpty() ? value : fallback == null ? "" : fallback.strip();
    }
}
