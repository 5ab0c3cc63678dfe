package org.jlustre.tools.llmount;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.tools.Main;

/**
 * How to start another {@code jlustre} command in a JVM of its own: this process's java, its JVM
 * options and its module or class path, so a child runs exactly the code of its parent (a
 * checkout's freshly built jars under the launcher script, the test class path under Maven).
 */
public final class JavaLauncher {

    private final List<String> prefix;

    private JavaLauncher(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    /** The launcher of this process. */
    public static JavaLauncher current() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // the JVM reports -p, -m and -cp as these properties; they are given again below, in their own form
            if (!a.startsWith("-Djdk.module.") && !a.startsWith("-Djava.class.path=")) {
                cmd.add(a);
            }
        }
        Module tools = Main.class.getModule();
        String modulePath = System.getProperty("jdk.module.path");
        if (tools.isNamed() && modulePath != null) {
            cmd.addAll(List.of("-p", modulePath, "-m", tools.getName() + "/" + Main.class.getName()));
        } else {
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        }
        return new JavaLauncher(cmd);
    }

    /** The command line running {@code jlustre ARGS}. */
    public List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(args);
        return cmd;
    }
}
