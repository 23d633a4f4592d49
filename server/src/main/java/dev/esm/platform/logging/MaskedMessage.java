package dev.esm.platform.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** {@code %m}, {@code %msg}, {@code %message} with {@link LogMasking} applied (see {@code logback-spring.xml}). */
public class MaskedMessage extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return LogMasking.mask(super.convert(event));
    }
}
