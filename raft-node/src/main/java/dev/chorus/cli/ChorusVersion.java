package dev.chorus.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version {@code chorus --version} prints: Maven writes the project's version into {@value #RESOURCE} when it
 * copies the resources (filtering), so it is right in the jar and when running from target/classes alike.
 */
public final class ChorusVersion implements IVersionProvider {
    static final String RESOURCE = "chorus-version.properties";

    /** The project version, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String current() {
        try (InputStream in = ChorusVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[]{"chorus " + current()};
    }
}
