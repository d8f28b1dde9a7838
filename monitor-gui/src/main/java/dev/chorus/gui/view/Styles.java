package dev.chorus.gui.view;

import dev.chorus.gui.vm.NodeHealth;

/** Style classes shared by the views (defined in dashboard.css on top of the AtlantaFX theme). */
final class Styles {
    private Styles() {
    }

    static String health(NodeHealth h) {
        return "health-" + h.name().toLowerCase();
    }

    static String role(String role) {
        return "role-" + (role == null ? "down" : role.toLowerCase());
    }

    static String link(String state) {
        return "link-" + state;
    }
}
