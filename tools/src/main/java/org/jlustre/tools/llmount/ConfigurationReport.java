package org.jlustre.tools.llmount;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.Predicate;

/**
 * What {@code llmount} shows of a started filesystem, the same whether its servers run in this
 * JVM or as processes: {@code lctl dl} of every node once the MDT has its osp for every OST,
 * what the MDT and each OST serve, the MGS's config logs, and a {@code set_param -P} that
 * reaches every node.
 */
final class ConfigurationReport {

    /** How long the report waits for a node to show what it waits for (a device, a parameter). */
    private static final long WAIT_NANOS = 5_000_000_000L;

    private final Servers servers;
    private final PrintWriter out;
    private final PrintWriter err;

    ConfigurationReport(Servers servers, PrintWriter out, PrintWriter err) {
        this.servers = servers;
        this.out = out;
        this.err = err;
    }

    /** Prints the report. */
    void print() throws InterruptedException {
        List<Member> members = servers.members();
        Member mgs = members.getFirst();
        List<Member> targets = members.subList(1, members.size());
        int osts = (int) targets.stream().filter(ConfigurationReport::isOst).count();
        section("lctl dl on the MGS node (" + mgs.nid() + ")");
        lctl(mgs, "dl");
        // the MDT's log has nothing left to replay once it has an osp per OST
        awaitOutput(targets.getFirst(), List.of("dl"), dl -> dl.split("-osc-MDT", -1).length - 1 >= osts);
        for (Member t : targets) {
            section("lctl dl on the " + t.target() + " node (" + t.nid() + ")");
            lctl(t, "dl");
        }
        section("lctl get_param on the " + targets.getFirst().target() + " node: the MDT serves");
        lctl(targets.getFirst(), "get_param", "mdt.*.uuid", "mdt.*.num_exports", "lod.*.numobd", "lod.*.stripesize");
        for (Member t : targets) {
            if (isOst(t)) {
                section("lctl get_param on the " + t.target() + " node: the OST serves");
                lctl(t, "get_param", "obdfilter.*.uuid", "obdfilter.*.kbytestotal", "obdfilter.*.kbytesfree",
                        "obdfilter.*.filesfree", "obdfilter.*.last_id", "obdfilter.*.num_exports");
            }
        }
        if (servers.local()) {
            section("lctl llog_catlist");
            lctl(mgs, "llog_catlist");
        }
        section("lctl llog_print " + servers.fsname() + "-client");
        lctl(mgs, "llog_print", servers.fsname() + "-client");
        section("lctl set_param -P timeout=40, then get_param timeout on every node");
        lctl(mgs, "set_param", "-P", "timeout=40");
        for (Member t : targets) {
            awaitOutput(t, List.of("get_param", "-n", "timeout"), v -> v.strip().equals("40"));
            out.print(t.target() + ": ");
            lctl(t, "get_param", "timeout");
        }
    }

    private static boolean isOst(Member m) {
        return m.target().contains("-OST");
    }

    /** Runs lctl {@code words} on {@code m}'s node, its output here; returns its status. */
    int lctl(Member m, String... words) {
        int rc = m.node().lctl(List.of(words), out, err);
        out.flush();
        err.flush();
        return rc;
    }

    /** Waits (a bounded time) until lctl {@code words} on {@code m}'s node prints what {@code done} accepts. */
    private static void awaitOutput(Member m, List<String> words, Predicate<String> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (System.nanoTime() < deadline) {
            StringWriter text = new StringWriter();
            m.node().lctl(words, new PrintWriter(text), new PrintWriter(new StringWriter()));
            if (done.test(text.toString())) {
                return;
            }
            Thread.sleep(20);
        }
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
    }
}
