package dev.esm.platform.database;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories only the server's own OS user may touch: directories {@code 0700}, files {@code 0600} (or
 * {@code 0700} when executable), owned by the user the server runs as.
 */
final class PrivateFiles {

    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> EXECUTABLE = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {
    }

    /** The numeric id of the OS user this process runs as. */
    static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            throw new IllegalStateException("Cannot tell which OS user this process runs as (/proc/self)", e);
        }
    }

    static int owner(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Creates {@code directory} (and missing parents) with mode 0700, or makes an existing one 0700. Refuses a
     * symbolic link and a directory another user owns: its contents could have been planted.
     */
    static Path directory(Path directory) throws IOException {
        if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(directory.getParent());
            try {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
            } catch (FileAlreadyExistsException raced) {
                // made meanwhile: checked below like any existing one
            }
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException(directory + " must be a directory (not a link or a file)");
        }
        if (owner(directory) != uid()) {
            throw new IllegalStateException(directory + " belongs to another OS user; ESM uses only directories of"
                    + " the user it runs as");
        }
        if (!Files.getPosixFilePermissions(directory, LinkOption.NOFOLLOW_LINKS).equals(DIRECTORY)) {
            Files.setPosixFilePermissions(directory, DIRECTORY);
        }
        return directory;
    }

    /** Creates an empty file with mode 0600 (replacing any file there). */
    static Path newFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        return Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
    }

    /** True when nobody but the owner may write to it, and the owner is this process's user. */
    static boolean ownedAndNotWritableByOthers(Path path) throws IOException {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        return owner(path) == uid()
                && !permissions.contains(PosixFilePermission.GROUP_WRITE)
                && !permissions.contains(PosixFilePermission.OTHERS_WRITE);
    }

    /** Deletes a tree, making its directories writable first (as the owner may); returns false if some of it stays. */
    static boolean deleteTree(Path root) {
        try {
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                return true;
            }
            if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.setPosixFilePermissions(root, DIRECTORY);
                } catch (IOException notOurs) {
                    // deleting may still work
                }
                try (var children = Files.list(root)) {
                    for (Path child : (Iterable<Path>) children::iterator) {
                        deleteTree(child);
                    }
                }
            }
            Files.delete(root);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
