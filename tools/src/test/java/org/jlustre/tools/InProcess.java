package org.jlustre.tools;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.jlustre.common.Libcfs;

/**
 * {@code jlustre ARGS} run in this JVM on a node context of its own (its console quiet), so
 * that to a server in another process it is another process: what it printed and returned.
 *
 * @param status the exit status
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 */
record InProcess(int status, String out, String err) {

    /** Runs {@code jlustre ARGS}. */
    static InProcess run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Libcfs here = Libcfs.create();
        here.debug().setConsole(null);
        int rc = Main.commandLine(here, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new InProcess(rc, out.toString(), err.toString());
    }
}
