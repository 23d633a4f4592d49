package dev.esm.marketplace.ebay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.esm.marketplace.AccountDeletionEndpoint.NoticeRefused;

/** The endpoint's checks that need no key: configuration, the challenge, headers refused before eBay is asked. */
class EbayAccountDeletionTests {

    /** Nothing listens on port 9 of loopback: a call to eBay would fail as unavailable, not as refused. */
    private final EbayProperties connector = new EbayProperties("http://127.0.0.1:9", null, "app", "cert", List.of(),
            null, null, null, Duration.ofSeconds(2), null, null);
    private final EbayNotificationKeys keys = new EbayNotificationKeys(connector, Duration.ofHours(1), new EbayHttp(),
            Clock.systemUTC());

    @Test
    void withoutTokenOrEndpointUrlTheEndpointIsNotThere() {
        assertThat(new EbayAccountDeletion("", "https://esm.example.com/webhooks/ebay/account-deletion", keys)
                .enabled()).isFalse();
        assertThat(new EbayAccountDeletion("t".repeat(40), "", keys).enabled()).isFalse();
        assertThat(new EbayAccountDeletion("t".repeat(40), "https://esm.example.com/w", keys).enabled()).isTrue();
    }

    @Test
    void theChallengeIsTheHexSha256OfCodeTokenAndEndpoint() throws Exception {
        String token = "Token_with-only_allowed-characters_0123456789";
        String url = "https://esm.example.com/webhooks/ebay/account-deletion";
        var endpoint = new EbayAccountDeletion(token, url, keys);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        String expected = HexFormat.of().formatHex(sha.digest(("abc123" + token + url).getBytes(StandardCharsets.UTF_8)));
        assertThat(endpoint.challenge(Map.of("challenge_code", "abc123")))
                .contains(Map.of("challengeResponse", expected));
        assertThat(endpoint.challenge(Map.of())).isEmpty();
        assertThat(endpoint.challenge(Map.of("challenge_code", ""))).isEmpty();
    }

    @Test
    void aMissingOrMalformedSignatureHeaderIsRefusedWithoutAskingEbay() {
        var endpoint = new EbayAccountDeletion("t".repeat(40), "https://esm.example.com/w", keys);
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> endpoint.verify(name -> null, body)).isInstanceOf(NoticeRefused.class);
        assertThatThrownBy(() -> endpoint.verify(name -> "%%%", body)).isInstanceOf(NoticeRefused.class);
        String badKid = Base64.getEncoder().encodeToString(
                "{\"alg\":\"ecdsa\",\"kid\":\"../../x y\",\"signature\":\"AAAA\",\"digest\":\"SHA1\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> endpoint.verify(name -> badKid, body)).isInstanceOf(NoticeRefused.class);
        String rsa = Base64.getEncoder().encodeToString(
                "{\"alg\":\"rsa\",\"kid\":\"k1\",\"signature\":\"AAAA\",\"digest\":\"SHA1\"}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> endpoint.verify(name -> rsa, body)).isInstanceOf(NoticeRefused.class);
    }

    @Test
    void aBuyersAccountIsKeyedTheSameWayAtSyncAndInANotice() {
        assertThat(EbayAccounts.keys("Jane_Doe42", "u-1")).containsExactly("userId:u-1", "username:jane_doe42");
        assertThat(EbayAccounts.keys(" jane_doe42 ", null)).containsExactly("username:jane_doe42");
        assertThat(EbayAccounts.keys(null, " ")).isEmpty();
    }
}
