package dev.esm.accounts.internal;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** argon2id at OWASP's floor: 19 MiB, two passes, one lane; stored with an {argon2} prefix so it can be upgraded. */
@Configuration(proxyBeanMethods = false)
class PasswordHashing {

    static final int MEMORY_KIB = 19 * 1024;
    static final int ITERATIONS = 2;

    @Bean
    PasswordEncoder passwordEncoder() {
        Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(16, 32, 1, MEMORY_KIB, ITERATIONS);
        return new Counting(new DelegatingPasswordEncoder("argon2", Map.of("argon2", argon2)));
    }

    /**
     * Counts password checks (each one an argon2id evaluation, the costly part of a sign-in), so that the throttle's
     * promise, at most the limit of checks however many attempts arrive at once, can be verified.
     */
    static final class Counting implements PasswordEncoder {

        private final PasswordEncoder delegate;
        private final AtomicLong checks = new AtomicLong();

        Counting(PasswordEncoder delegate) {
            this.delegate = delegate;
        }

        long checks() {
            return checks.get();
        }

        @Override
        public String encode(CharSequence rawPassword) {
            return delegate.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            checks.incrementAndGet();
            return delegate.matches(rawPassword, encodedPassword);
        }

        @Override
        public boolean upgradeEncoding(String encodedPassword) {
            return delegate.upgradeEncoding(encodedPassword);
        }
    }
}
