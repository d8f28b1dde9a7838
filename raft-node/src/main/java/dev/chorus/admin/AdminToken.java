package dev.chorus.admin;

import dev.chorus.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token that mutating admin requests must carry ({@code Authorization: Bearer TOKEN}). It lives in a file
 * next to the cluster file, readable by its owner only; a cluster without one refuses every mutating request.
 */
public final class AdminToken {
    public static final AdminToken NONE = new AdminToken(null);

    private final byte[] token;

    private AdminToken(byte[] token) {
        this.token = token;
    }

    /**
     * The token a node checks requests against. Refused (one line naming the file, its mode and the fix) when the
     * file can be read or written by group or others: anyone who can read it can act on the cluster.
     */
    public static AdminToken load(Path file) throws ConfigException {
        if (file == null) {
            return NONE;
        }
        requireOwnerOnly(file);
        return new AdminToken(read(file).getBytes(StandardCharsets.UTF_8));
    }

    /** Throws unless {@code file}'s POSIX permissions give group and others nothing (no check where there are none). */
    public static void requireOwnerOnly(Path file) throws ConfigException {
        java.util.Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException notPosix) {
            return;
        } catch (IOException e) {
            throw new ConfigException("cannot read admin token file " + file + ": " + e.getMessage());
        }
        for (PosixFilePermission p : perms) {
            if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE
                    && p != PosixFilePermission.OWNER_EXECUTE) {
                throw new ConfigException("admin token file " + file + " is accessible to group or others (mode "
                        + PosixFilePermissions.toString(perms) + "); make it owner-only: chmod 600 " + file);
            }
        }
    }

    /** The token in {@code file}, for clients. */
    public static String read(Path file) throws ConfigException {
        try {
            String t = Files.readString(file).trim();
            if (t.length() < 16) {
                throw new ConfigException("admin token file " + file + " holds no usable token (16+ characters)");
            }
            return t;
        } catch (IOException e) {
            throw new ConfigException("cannot read admin token file " + file + ": " + e.getMessage());
        }
    }

    /** Writes a new random token to {@code file} with owner-only permissions. */
    public static void generate(Path file) throws IOException {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, token + "\n");
    }

    public boolean configured() {
        return token != null;
    }

    /** Whether an Authorization header value carries this token (compared in constant time). */
    public boolean accepts(String authorization) {
        if (token == null || authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token, given);
    }
}
