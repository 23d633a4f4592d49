package dev.esm.platform.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binaries' stamp (ADR 20): an unchanged tree is trusted without hashing it, but a file whose bytes changed is
 * hashed and caught even when its size and modification time were put back, since its change time moved.
 */
class PostgresRuntimeTests {

    @Test
    void aFileRewrittenWithItsSizeAndModificationTimeKeptIsStillCaught(@TempDir Path parent) throws Exception {
        PostgresRuntime runtime = PostgresRuntime.prepare(parent.resolve("postgres-runtime"));
        Path stamp = runtime.home().resolve(PostgresRuntime.STAMP);
        assertThat(stamp).isRegularFile();
        assertThat(Files.getPosixFilePermissions(stamp, LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(PostgresRuntime.verify(runtime.home())).isNull();

        Path postgres = runtime.bin("postgres");
        byte[] bytes = Files.readAllBytes(postgres);
        FileTime modified = Files.getLastModifiedTime(postgres);
        Thread.sleep(20); // past the file system's clock tick, so that the change time moves
        bytes[bytes.length / 2] ^= 1;
        Files.write(postgres, bytes);
        Files.setLastModifiedTime(postgres, modified);
        assertThat(Files.size(postgres)).isEqualTo(bytes.length);
        assertThat(Files.getLastModifiedTime(postgres)).isEqualTo(modified);

        assertThat(PostgresRuntime.verify(runtime.home())).isEqualTo("bin/postgres changed");
        // and the next start unpacks them again
        PostgresRuntime again = PostgresRuntime.prepare(parent.resolve("postgres-runtime"));
        assertThat(Files.readAllBytes(again.bin("postgres"))[bytes.length / 2]).isNotEqualTo(bytes[bytes.length / 2]);
        assertThat(PostgresRuntime.verify(again.home())).isNull();
    }

    @Test
    void aMissingOrForeignStampMeansEveryFileIsHashedAndStampedAgain(@TempDir Path parent) throws Exception {
        PostgresRuntime runtime = PostgresRuntime.prepare(parent.resolve("postgres-runtime"));
        Path stamp = runtime.home().resolve(PostgresRuntime.STAMP);
        String written = Files.readString(stamp, StandardCharsets.UTF_8);
        assertThat(written).contains("bin/postgres\t");

        Files.delete(stamp);
        assertThat(PostgresRuntime.verify(runtime.home())).isNull();
        assertThat(Files.readString(stamp, StandardCharsets.UTF_8)).isEqualTo(written);

        // a stamp others may write is ignored (and replaced once the tree was hashed and found intact)
        Files.setPosixFilePermissions(stamp, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.writeString(stamp, "bin/postgres\t0 0 0 0\n", StandardCharsets.UTF_8);
        assertThat(PostgresRuntime.verify(runtime.home())).isNull();
        assertThat(Files.readString(stamp, StandardCharsets.UTF_8)).isEqualTo(written);
        assertThat(Files.getPosixFilePermissions(stamp)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }
}
