package dev.chorus.config;

/** A {@code host:port} address as written in the cluster file. */
public record HostPort(String host, int port) {

    public static HostPort parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("address is missing");
        }
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("address '" + text + "' is not host:port");
        }
        String host = text.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address '" + text + "' has a non-numeric port");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("address '" + text + "' has port " + port + " outside 1..65535");
        }
        if (!host.matches("[A-Za-z0-9.\\-]+")) {
            throw new IllegalArgumentException("address '" + text + "' has an invalid host");
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
