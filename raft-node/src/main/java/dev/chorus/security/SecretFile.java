package dev.chorus.security;

import dev.chorus.config.ConfigException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * A file whose content lets its reader act as a member of the cluster (admin token, key stores, their password):
 * created owner-only, and refused when group or others can reach it, since then anyone on the machine could.
 *
 * @param file where it lives
 * @param what what it is, for messages ("admin token file", "TLS key store", ...)
 */
public record SecretFile(Path file, String what) {

    /** Throws unless the file's POSIX permissions give group and others nothing (no check where there are none). */
    public void requireOwnerOnly() throws ConfigException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException notPosix) {
            return;
        } catch (IOException e) {
            throw new ConfigException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
        for (PosixFilePermission p : perms) {
            if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE
                    && p != PosixFilePermission.OWNER_EXECUTE) {
                throw new ConfigException(what + " " + file + " is accessible to group or others (mode "
                        + PosixFilePermissions.toString(perms) + "); make it owner-only: chmod 600 " + file);
            }
        }
    }

    /** The file's text, trimmed; refused when shorter than 16 characters (not a secret anyone generated). */
    public String readSecret() throws ConfigException {
        try {
            String t = Files.readString(file).trim();
            if (t.length() < 16) {
                throw new ConfigException(what + " " + file + " holds no usable secret (16+ characters)");
            }
            return t;
        } catch (IOException e) {
            throw new ConfigException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }

    /** Replaces the file by an empty one that only its owner can read or write. */
    public void createEmpty() throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
    }

    /** Writes a new random secret (32 bytes, base64url) with owner-only permissions and returns it. */
    public String generate() throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        createEmpty();
        Files.writeString(file, secret + "\n");
        return secret;
    }
}
