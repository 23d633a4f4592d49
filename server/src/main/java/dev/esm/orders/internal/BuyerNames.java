package dev.esm.orders.internal;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** The searchable words of a buyer's name: lower case, accents folded, punctuation dropped. */
public final class BuyerNames {

    private BuyerNames() {
    }

    public static Set<String> words(String name) {
        Set<String> words = new LinkedHashSet<>();
        if (name == null) {
            return words;
        }
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
        for (String word : folded.split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                words.add(word);
            }
        }
        return words;
    }
}
