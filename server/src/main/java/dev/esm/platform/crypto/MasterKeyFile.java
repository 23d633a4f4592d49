package dev.esm.platform.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The demo-mode master key file: one base64 key per line, the primary first; created on first start, readable and
 * writable by the owner only.
 */
final class MasterKeyFile {

    private final Path path;

    MasterKeyFile(Path path) {
        this.path = path;
    }

    List<String> readOrCreate() {
        try {
            if (!Files.exists(path)) {
                write(List.of(MasterKeyring.newEncodedKey()));
            }
            List<String> keys = Files.readAllLines(path, StandardCharsets.US_ASCII).stream()
                    .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
            if (keys.isEmpty()) {
                throw new IllegalStateException("The master key file " + path + " holds no key");
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the master key file " + path, e);
        }
    }

    /** Replaces the file atomically with {@code keys}, owner-only. */
    void write(List<String> keys) {
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
            Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, String.join("\n", keys) + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.TRUNCATE_EXISTING);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the master key file " + path, e);
        }
    }

    Path path() {
        return path;
    }
}
