package dev.chorus.gui.view;

import java.nio.file.Path;

/** Opens a run's report.html in a browser, if the desktop has one. */
@FunctionalInterface
public interface ReportOpener {
    /** No browser here (headless, tests): the panel shows the report's path instead. */
    ReportOpener NONE = report -> false;

    /** @return false when nothing could open it */
    boolean open(Path report);
}
