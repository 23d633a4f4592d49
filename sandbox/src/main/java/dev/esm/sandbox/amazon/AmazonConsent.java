package dev.esm.sandbox.amazon;

import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Seller Central's side of the website authorization workflow: {@code GET /apps/authorize/consent} shows the seller
 * a page naming the app with an "Authorize" button; the button posts back and the seller's browser is redirected
 * to the app's redirect URI with {@code spapi_oauth_code} (single-use, short-lived), {@code state} and
 * {@code selling_partner_id}. The sandbox has no sign-in: the page lets the visitor pick which sandbox seller they
 * are.
 */
final class AmazonConsent {

    static final String PATH = "/apps/authorize/consent";

    private final AmazonSimulator simulator;
    private final AmazonTokens tokens;

    AmazonConsent(AmazonSimulator simulator, AmazonTokens tokens) {
        this.simulator = simulator;
        this.tokens = tokens;
    }

    SandboxResponse page(SandboxRequest request) {
        Consent consent = consent(request.queryParams());
        List<AmazonSeller> sellers = simulator.sellers();
        String hint = request.query("selling_partner_id");
        StringBuilder options = new StringBuilder();
        for (AmazonSeller seller : sellers) {
            String id = escape(seller.sellingPartnerId());
            options.append("        <option value=\"").append(id).append('"')
                    .append(seller.sellingPartnerId().equals(hint) ? " selected" : "")
                    .append('>').append(id).append("</option>\n");
        }
        String html = """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <title>Authorize application - Seller Central (sandbox)</title>
                </head>
                <body>
                  <main>
                    <h1>Authorize application</h1>
                    <p>The application <strong>%s</strong> asks for access to your selling account through the
                       Selling Partner API.</p>
                    <p><small>ESM sandbox: a simulated Seller Central, nothing here is real.</small></p>
                    <form method="post" action="%s">
                      <input type="hidden" name="application_id" value="%s">
                      <input type="hidden" name="state" value="%s">
                      <input type="hidden" name="redirect_uri" value="%s">
                      <input type="hidden" name="version" value="%s">
                      <label for="selling_partner_id">Selling account</label>
                      <select id="selling_partner_id" name="selling_partner_id">
                %s      </select>
                      <button type="submit" name="decision" value="authorize">Authorize</button>
                    </form>
                  </main>
                </body>
                </html>
                """.formatted(escape(consent.applicationId()), PATH, escape(consent.applicationId()),
                escape(consent.state()), escape(consent.redirectUri()), escape(consent.version()), options);
        return SandboxResponse.text(200, "text/html; charset=utf-8", html).header("Cache-Control", "no-store");
    }

    SandboxResponse authorize(SandboxRequest request) {
        Map<String, List<String>> form = SandboxRequest.parseQuery(request.bodyText());
        Consent consent = consent(form);
        String sellerId = first(form, "selling_partner_id");
        AmazonSeller seller = simulator.seller(sellerId)
                .orElseThrow(() -> problem(400, "Unknown selling account."));
        String code = tokens.issueCode(seller, consent.redirectUri());
        String location = consent.redirectUri() + (consent.redirectUri().contains("?") ? "&" : "?")
                + "state=" + encode(consent.state())
                + "&selling_partner_id=" + encode(seller.sellingPartnerId())
                + "&spapi_oauth_code=" + encode(code);
        return SandboxResponse.empty(302).header("Location", location).header("Cache-Control", "no-store");
    }

    private record Consent(String applicationId, String state, String redirectUri, String version) {
    }

    private Consent consent(Map<String, List<String>> params) {
        AmazonApp app = simulator.app();
        String applicationId = first(params, "application_id");
        if (applicationId == null || !applicationId.equals(app.applicationId())) {
            throw problem(400, "We could not find the application you are trying to authorize.");
        }
        String state = first(params, "state");
        if (state == null || state.isBlank()) {
            throw problem(400, "The authorization request has no state parameter.");
        }
        String redirectUri = first(params, "redirect_uri");
        if (redirectUri != null && !redirectUri.isBlank() && !redirectUri.equals(app.redirectUri())) {
            throw problem(400, "The redirect URI is not registered for this application.");
        }
        if (simulator.sellers().isEmpty()) {
            throw problem(409, "The sandbox has no selling accounts yet.");
        }
        String version = first(params, "version");
        return new Consent(applicationId, state, app.redirectUri(), version == null ? "" : version);
    }

    private static SandboxException problem(int status, String message) {
        String html = """
                <!DOCTYPE html>
                <html lang="en">
                <head><meta charset="utf-8"><title>Authorization problem - Seller Central (sandbox)</title></head>
                <body><main><h1>Authorization problem</h1><p>%s</p></main></body>
                </html>
                """.formatted(escape(message));
        return new SandboxException(SandboxResponse.text(status, "text/html; charset=utf-8", html));
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
