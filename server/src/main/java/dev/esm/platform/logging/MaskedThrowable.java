package dev.esm.platform.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;

import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * Spring Boot's {@code %wEx} (a stack trace with packaging data, set off by a blank line) with {@link LogMasking}
 * applied: an exception's message may carry what a caller passed it.
 */
public class MaskedThrowable extends ExtendedWhitespaceThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return LogMasking.mask(super.throwableProxyToString(proxy));
    }
}
