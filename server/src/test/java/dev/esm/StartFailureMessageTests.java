package dev.esm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.context.ApplicationContextException;

/** The one line a failed start prints names the cause, not the beans Spring wrapped it in. */
class StartFailureMessageTests {

    @Test
    void namesTheCauseInsideSpringsWrappers() {
        var cause = new IllegalStateException("Could not start the embedded PostgreSQL in /data/postgres: initdb failed");
        var wrapped = new BeanCreationException("accounts", "Error creating bean with name 'accounts'",
                new BeanCreationException("embeddedDatabase", "Factory method 'embeddedDatabase' threw exception",
                        cause));
        assertThat(EsmApplication.rootMessage(wrapped))
                .isEqualTo("Could not start the embedded PostgreSQL in /data/postgres: initdb failed");
    }

    @Test
    void keepsToOneLineAndFallsBackToTheInnermostCause() {
        var failure = new ApplicationContextException("Unable to start web server",
                new RuntimeException("Port 8080 is already in use\nsecond line"));
        assertThat(EsmApplication.rootMessage(failure)).isEqualTo("Port 8080 is already in use");
        assertThat(EsmApplication.rootMessage(new ApplicationContextException("only this")))
                .isEqualTo("only this");
    }
}
