package org.jlustre.tools.llmount;

import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.lnet.Lnet;

/**
 * The servers of a filesystem {@code llmount} started, in this JVM or as processes: an MGS, an
 * MDT and two OSTs, in that order, and a way onto their network for the client.
 */
abstract class Servers implements AutoCloseable {

    private final String fsname;
    /** The servers as they started. */
    private final List<Member> members = new ArrayList<>();

    Servers(String fsname) {
        this.fsname = fsname;
    }

    /** Adds a server that started. */
    void add(Member m) {
        members.add(m);
    }

    /** The filesystem's name. */
    String fsname() {
        return fsname;
    }

    /** The servers, MGS first, then the MDT, then the OSTs. */
    List<Member> members() {
        return List.copyOf(members);
    }

    /** The MGS's NIDs, as a client mounts {@code NID:/fsname}. */
    abstract List<Nid> mgsNids();

    /** A new LNet node on the servers' network for a client, its debug log on {@code libcfs}; the caller closes it. */
    abstract Lnet clientNode(Libcfs libcfs) throws LustreException;

    /** Whether the servers' nodes are in this JVM (lctl's {@code llog_catlist} needs the MGS's own node). */
    abstract boolean local();

    /** How the servers run, for the summary: {@code in this JVM} or the processes' ids. */
    abstract String where();

    /** Stops the servers, the MGS last (a target that unmounts still reaches it), as Lustre's {@code stopall}. */
    @Override
    public abstract void close();
}
