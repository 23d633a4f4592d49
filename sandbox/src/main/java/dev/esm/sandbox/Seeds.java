package dev.esm.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.UUID;

/** Deterministic seed arithmetic, so that "order #n of seller s" is the same in every run. */
public final class Seeds {

    private Seeds() {
    }

    /** SplitMix64 finaliser: a well-mixed 64-bit value. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    public static long mix(long seed, long index) {
        return mix(seed * 0x9E3779B97F4A7C15L + mix(index + 0x632BE59BD9B4E019L));
    }

    public static long mix(long seed, String label) {
        long h = 1125899906842597L;
        for (byte b : label.getBytes(StandardCharsets.UTF_8)) {
            h = 31 * h + b;
        }
        return mix(seed, h);
    }

    /** A random stream of its own for item {@code index} under {@code seed}. */
    public static SplittableRandom rng(long seed, long index) {
        return new SplittableRandom(mix(seed, index));
    }

    /** A version-4-shaped UUID from a random stream (for sandbox client ids). */
    public static UUID uuid(SplittableRandom r) {
        long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** {@code length} upper-case hex digits. */
    public static String hex(SplittableRandom r, int length) {
        StringBuilder sb = new StringBuilder(length);
        while (sb.length() < length) {
            sb.append(String.format("%016X", r.nextLong()));
        }
        return sb.substring(0, length);
    }

    /** {@code length} characters from [A-Za-z0-9]. */
    public static String alnum(SplittableRandom r, int length) {
        String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(chars.charAt(r.nextInt(chars.length())));
        }
        return sb.toString();
    }

    /** {@code length} decimal digits. */
    public static String digits(SplittableRandom r, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('0' + r.nextInt(10)));
        }
        return sb.toString();
    }
}
