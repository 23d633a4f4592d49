package dev.esm.platform.logging;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The second line of defence against personal data and secrets in logs (ADR 35): every message and stack trace the
 * console and file layouts write goes through {@link #mask} ({@link MaskedMessage}, {@link MaskedThrowable}, wired
 * in {@code logback-spring.xml}). The first line is the rule that no buyer value, secret or token is ever passed to a
 * logger: log ids. This catches what slips through by shape: email addresses, phone numbers, bearer and basic
 * credentials, JSON web tokens, the marketplaces' and EasyPost's token and key formats, card-like numbers (Luhn), and
 * the value of any key named like a secret or a buyer field ({@code client_secret=…}, {@code "phone": "…"}).
 */
public final class LogMasking {

    public static final String MASK = "[masked]";

    private record Rule(Pattern pattern, int group) {
    }

    private static final String SECRET_KEYS = "client[_-]?secret|refresh[_-]?token|access[_-]?token|id[_-]?token"
            + "|api[_-]?key|apikey|password|passwd|secret|private[_-]?key|authorization|x-api-key|token"
            + "|verification[_-]?token|credentials?";
    private static final String BUYER_KEYS = "email|buyer[_-]?email|customer[_-]?email|phone|phone[_-]?number"
            + "|buyer[_-]?name|customer[_-]?name|recipient[_-]?name|ship[_-]?to[_-]?name|full[_-]?name"
            + "|address[_-]?line[_-]?[123]|address[123]?|street[123]?|street[_-]?address|postal[_-]?code|zip"
            + "|gift[_-]?message|buyer[_-]?username";

    private static final List<Rule> RULES = List.of(
            // HTTP credentials (before the key rule, which stops at the space after "Authorization: Bearer")
            new Rule(Pattern.compile("(?i)\\b(?:Bearer|Basic)\\s+([A-Za-z0-9\\-._~+/]{8,}=*)"), 1),
            // key=value, key: value, "key": "value" (JSON), key='value'; the value only
            new Rule(Pattern.compile("(?i)(?<![A-Za-z0-9_-])[\"']?(?:" + SECRET_KEYS + "|" + BUYER_KEYS
                    + ")[\"']?\\s*[:=]\\s*(\\[masked\\]|\"[^\"]*\"|'[^']*'|[^\\s,;&}\\]\\[\"']+)"), 1),
            // JSON web tokens
            new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*"), 0),
            // Login with Amazon tokens (Atza|, Atzr|), Amazon client secrets, eBay user tokens (v^1.1#...)
            new Rule(Pattern.compile("\\bAtz[ar]\\|[A-Za-z0-9\\-_|=+/.%]+"), 0),
            new Rule(Pattern.compile("\\bamzn1\\.oa2-cs\\.v1\\.[A-Za-z0-9]+"), 0),
            new Rule(Pattern.compile("v\\^1\\.1#[^\\s\"',;]+"), 0),
            // EasyPost keys (EZAK live, EZTK test), Stripe-like secret keys
            new Rule(Pattern.compile("\\bEZ[AT]K[0-9A-Za-z]{10,}"), 0),
            new Rule(Pattern.compile("\\b[sr]k_(?:live|test)_[0-9A-Za-z]{8,}"), 0),
            // email addresses
            new Rule(Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}"), 0),
            // phone numbers: international with +, or North American (415) 555-0100 / 415-555-0100 / 415.555.0100
            new Rule(Pattern.compile("(?<![\\w+])\\+\\d[\\d ().-]{7,}\\d(?!\\w)"), 0),
            new Rule(Pattern.compile("(?<![\\w.-])(?:1[ .-])?\\(?\\d{3}\\)?[ .-]\\d{3}[ .-]\\d{4}(?![\\w-])"), 0));

    /**
     * Card-like, masked when Luhn-valid: groups of 4 digits split by spaces or hyphens (13 to 19 digits), or 15-16
     * digits in one run starting with 2-6 (card networks' ranges; not marketplace order numbers or epoch millis).
     */
    private static final Pattern CARD = Pattern.compile("(?<![\\w-])(?:\\d{4}[ -]){3}\\d{1,7}(?![\\w-])"
            + "|(?<![\\w-])[2-6]\\d{14,15}(?![\\w-])");

    private LogMasking() {
    }

    /** The text with every value of a known shape replaced by {@value #MASK}; null stays null. */
    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (Rule rule : RULES) {
            masked = replace(masked, rule);
        }
        return cards(masked);
    }

    private static String replace(String text, Rule rule) {
        Matcher matcher = rule.pattern().matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        do {
            int start = matcher.start(rule.group());
            int end = matcher.end(rule.group());
            if (start >= 0 && !MASK.equals(text.substring(start, end))) {
                out.append(text, last, start).append(MASK);
                last = end;
            }
        } while (matcher.find());
        return out.append(text, last, text.length()).toString();
    }

    private static String cards(String text) {
        Matcher matcher = CARD.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (matcher.find()) {
            String digits = matcher.group().replaceAll("[ -]", "");
            if (digits.length() >= 13 && digits.length() <= 19 && luhn(digits)) {
                if (out == null) {
                    out = new StringBuilder(text.length());
                }
                out.append(text, last, matcher.start()).append(MASK);
                last = matcher.end();
            }
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
    }

    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
