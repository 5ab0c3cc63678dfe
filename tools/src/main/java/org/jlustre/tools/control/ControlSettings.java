package org.jlustre.tools.control;

import java.util.Map;

/**
 * Where the tools find control sockets, and which server {@code lctl} talks to when none is
 * named on its command line.
 *
 * @param directory the directory of this user's control sockets
 * @param server the server {@code lctl} sends its commands to ({@code $JLUSTRE_SERVER}), or
 *     null to act on this process
 */
public record ControlSettings(ControlDirectory directory, String server) {

    /** The environment variable naming the server {@code lctl} talks to. */
    public static final String ENV_SERVER = "JLUSTRE_SERVER";

    /** The settings an environment gives ({@link ControlDirectory#fromEnvironment}, {@link #ENV_SERVER}). */
    public static ControlSettings fromEnvironment(Map<String, String> env) {
        String server = env.get(ENV_SERVER);
        return new ControlSettings(ControlDirectory.fromEnvironment(env),
                server == null || server.isEmpty() ? null : server);
    }

    /** The settings of an empty environment: the default directory, no server. */
    public static ControlSettings defaults() {
        return fromEnvironment(Map.of());
    }
}
