package dev.chorus.admin;

import dev.chorus.config.ConfigException;
import dev.chorus.security.SecretFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;

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
        secret(file).requireOwnerOnly();
    }

    /** The token in {@code file}, for clients. */
    public static String read(Path file) throws ConfigException {
        return secret(file).readSecret();
    }

    /** Writes a new random token to {@code file} with owner-only permissions. */
    public static void generate(Path file) throws IOException {
        secret(file).generate();
    }

    private static SecretFile secret(Path file) {
        return new SecretFile(file, "admin token file");
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
