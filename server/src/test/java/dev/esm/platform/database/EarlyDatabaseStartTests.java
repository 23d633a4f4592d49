package dev.esm.platform.database;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database started on its own thread (ADR 26) fails a start the way the bean that started it itself
 * did: the bean gets the start's own exception, so that the one line a failed start prints
 * ({@code ESM could not start: ...}) names the cause, not a wrapper of the other thread's.
 */
class EarlyDatabaseStartTests {

    @Test
    void aStartThatFailsOnItsThreadIsThrownToTheBeanUnwrapped(@TempDir Path parent) throws Exception {
        Path notADirectory = Files.writeString(parent.resolve("data"), "a file where the data directory should be");
        DatabaseProperties properties = new DatabaseProperties(null, null, null, null, null, notADirectory, null);

        EarlyDatabaseStart.Started started = EarlyDatabaseStart.Started.begin(properties);

        assertThatThrownBy(() -> started.take(properties))
                .isExactlyInstanceOf(IllegalStateException.class)
                .hasMessage(notADirectory + " must be a directory (not a link or a file)");
        started.destroy(); // nothing started, nothing to stop: no exception either
    }
}
