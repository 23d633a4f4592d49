package dev.esm.sandbox.ebay;

import dev.esm.sandbox.SandboxException;
import dev.esm.sandbox.SandboxRequest;
import dev.esm.sandbox.SandboxResponse;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consent ("grant application access") page at {@code /oauth2/authorize}: GET shows a small HTML form (pick a
 * sandbox seller, Agree or Disagree); its POST redirects the browser to the RuName's accept URL with a single-use
 * {@code code}, the caller's {@code state} and {@code expires_in}, or to its decline URL with
 * {@code error=access_denied}. An unknown client id or RuName gets an error page (no redirect, as there is nowhere
 * safe to send the browser).
 */
final class EbayConsentPage {

    private record Ask(EbayApp app, EbayApp.RuName ruName, Set<String> scopes, String scopeText, String state) {
    }

    private final EbaySimulator simulator;
    private final EbayOAuth oauth;

    EbayConsentPage(EbaySimulator simulator, EbayOAuth oauth) {
        this.simulator = simulator;
        this.oauth = oauth;
    }

    SandboxResponse show(SandboxRequest request) {
        Ask ask = ask(request.queryParams());
        StringBuilder sellers = new StringBuilder();
        for (EbaySeller seller : simulator.sellers()) {
            sellers.append("<option value=\"").append(html(seller.username())).append("\">")
                    .append(html(seller.username())).append("</option>");
        }
        StringBuilder scopes = new StringBuilder();
        ask.scopes().forEach(s -> scopes.append("<li>").append(html(s)).append("</li>"));
        String page = """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <title>Grant application access - eBay sandbox simulator</title>
                <style>body{font-family:sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem}
                .banner{background:#fff3cd;padding:.5rem}button{margin-right:.5rem}</style></head>
                <body>
                <p class="banner">ESM sandbox: a simulated eBay consent page. Nothing here is eBay.</p>
                <h1>Grant application access</h1>
                <p>The application <strong>%s</strong> would like to:</p>
                <ul>%s</ul>
                <form method="post" action="/oauth2/authorize">
                <input type="hidden" name="client_id" value="%s">
                <input type="hidden" name="redirect_uri" value="%s">
                <input type="hidden" name="scope" value="%s">
                <input type="hidden" name="state" value="%s">
                <p><label for="username">Signed in as sandbox seller</label>
                <select id="username" name="username">%s</select></p>
                <button type="submit" id="agree" name="decision" value="agree">Agree</button>
                <button type="submit" id="decline" name="decision" value="decline">Disagree</button>
                </form>
                </body></html>
                """.formatted(html(ask.app().clientId()), scopes, html(ask.app().clientId()),
                html(ask.ruName().name()), html(ask.scopeText()), html(ask.state() == null ? "" : ask.state()),
                sellers);
        return html(200, page);
    }

    SandboxResponse decide(SandboxRequest request) {
        Map<String, List<String>> form = SandboxRequest.parseQuery(request.bodyText());
        Ask ask = ask(form);
        String state = ask.state() == null || ask.state().isEmpty() ? "" : "&state=" + encode(ask.state());
        if (!"agree".equals(first(form, "decision"))) {
            return redirect(ask.ruName().declineUrl(), "error=access_denied" + state);
        }
        EbaySeller seller = simulator.seller(first(form, "username")).orElseThrow(
                () -> new SandboxException(errorPage(400, "No such sandbox seller.")));
        String code = oauth.issueCode(ask.app(), ask.ruName().name(), seller, ask.scopes());
        return redirect(ask.ruName().acceptUrl(), "code=" + encode(code) + state
                + "&expires_in=" + oauth.codeLifetime().toSeconds());
    }

    /** The launcher's accept URL: shows what arrived, so a person can exchange the code by hand. */
    SandboxResponse accepted(SandboxRequest request) {
        String code = request.query("code");
        String error = request.query("error");
        String state = request.query("state");
        String body = code != null
                ? "<p>Consent given. Exchange this code (valid " + oauth.codeLifetime().toSeconds() + " s, once) at "
                  + "<code>POST /identity/v1/oauth2/token</code> with <code>grant_type=authorization_code</code>:</p>"
                  + "<pre>" + html(code) + "</pre>"
                : "<p>No consent: " + html(error == null ? "no code" : error) + "</p>";
        return html(200, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Consent result - "
                + "eBay sandbox simulator</title></head><body><h1>Consent result</h1>" + body + "<p>state: "
                + html(state == null ? "" : state) + "</p></body></html>");
    }

    private Ask ask(Map<String, List<String>> params) {
        EbayApp app = simulator.app(first(params, "client_id")).orElseThrow(
                () -> new SandboxException(errorPage(400, "The client_id is not a registered application.")));
        EbayApp.RuName ruName = app.ruName(first(params, "redirect_uri")).orElseThrow(
                () -> new SandboxException(errorPage(400, "The redirect_uri is not an RuName of this application.")));
        String state = first(params, "state");
        String stateParam = state == null || state.isEmpty() ? "" : "&state=" + encode(state);
        String responseType = first(params, "response_type");
        if (responseType != null && !responseType.equals("code")) {
            throw new SandboxException(redirect(ruName.declineUrl(), "error=unsupported_response_type" + stateParam));
        }
        String scopeText = first(params, "scope");
        Set<String> scopes = new LinkedHashSet<>();
        if (scopeText != null && !scopeText.isBlank()) {
            scopes.addAll(Arrays.asList(scopeText.trim().split("\\s+")));
        }
        if (scopes.isEmpty() || !EbaySimulator.KNOWN_SCOPES.containsAll(scopes)) {
            throw new SandboxException(redirect(ruName.declineUrl(), "error=invalid_scope" + stateParam));
        }
        return new Ask(app, ruName, scopes, String.join(" ", scopes), state);
    }

    private static SandboxResponse redirect(String url, String query) {
        String location = url + (url.contains("?") ? "&" : "?") + query;
        return SandboxResponse.empty(302).header("Location", location).header("Cache-Control", "no-store");
    }

    private static SandboxResponse errorPage(int status, String message) {
        return html(status, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error - eBay "
                + "sandbox simulator</title></head><body><h1>Something went wrong</h1><p>" + html(message)
                + "</p></body></html>");
    }

    private static SandboxResponse html(int status, String page) {
        return SandboxResponse.text(status, "text/html; charset=utf-8", page)
                .header("Cache-Control", "no-store")
                .header("X-Frame-Options", "DENY");
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
