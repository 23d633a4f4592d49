package dev.esm.sandbox.easypost;

/**
 * USPS Package Identification Codes (the 22-digit IMpb tracking numbers EasyPost returns) and the barcode data built
 * from them (contract section 5.2): {@code 94} (PC postage channel) + 3-digit service type code + 9-digit Mailer ID +
 * 7-digit serial + a GS1 mod-10 check digit.
 */
public final class UspsPic {

    /** Code 128 FNC1 as ZXing's {@code Code128Writer} takes it in content. */
    public static final char FNC1 = '\u00f1';

    private UspsPic() {
    }

    /** {@code 94} + stc (3) + mailerId (9) + serial (7 digits, zero-padded) + check digit. */
    public static String of(String serviceTypeCode, String mailerId, long serial) {
        if (!serviceTypeCode.matches("\\d{3}") || !mailerId.matches("\\d{9}") || serial < 0 || serial > 9_999_999) {
            throw new IllegalArgumentException("STC is 3 digits, Mailer ID 9 digits, serial 0..9999999");
        }
        String body = "94" + serviceTypeCode + mailerId + String.format("%07d", serial);
        return body + checkDigit(body);
    }

    /** GS1 mod-10: weights 3,1,3,1,... from the rightmost digit of the body; check = (10 - sum mod 10) mod 10. */
    public static int checkDigit(String body) {
        int sum = 0;
        int weight = 3;
        for (int i = body.length() - 1; i >= 0; i--) {
            char c = body.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("digits only: " + body);
            }
            sum += (c - '0') * weight;
            weight = 4 - weight;
        }
        return (10 - sum % 10) % 10;
    }

    /** A 22-digit IMpb PIC (channel 91..95) whose last digit is its check digit. */
    public static boolean isValid(String pic) {
        return pic != null && pic.matches("9[1-5]\\d{20}")
                && checkDigit(pic.substring(0, 21)) == pic.charAt(21) - '0';
    }

    /** Human-readable groups of four: {@code 9400 1001 0580 7076 0632 49}. */
    public static String grouped(String pic) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pic.length(); i += 4) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(pic, i, Math.min(pic.length(), i + 4));
        }
        return sb.toString();
    }

    /** What a scanner reads, without the FNC1 characters: {@code 420} + ZIP5 + PIC. */
    public static String barcodeText(String zip5, String pic) {
        return "420" + zip5 + pic;
    }

    /** ZXing Code 128 content: FNC1 + {@code 420} + ZIP5 + FNC1 (AI 420 is variable length) + PIC. */
    public static String barcodeContent(String zip5, String pic) {
        return FNC1 + "420" + zip5 + FNC1 + pic;
    }
}
