package dev.chorus.admin;

import dev.chorus.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    public static AdminToken load(Path file) throws ConfigException {
        if (file == null) {
            return NONE;
        }
        return new AdminToken(read(file).getBytes(StandardCharsets.UTF_8));
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
