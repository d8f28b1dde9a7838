package dev.chorus.admin;

/** An admin request that cannot be served; {@code status} is the HTTP status to answer with. */
public final class AdminException extends Exception {
    private final int status;

    public AdminException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
