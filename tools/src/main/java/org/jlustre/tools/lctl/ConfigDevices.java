package org.jlustre.tools.lctl;

import org.jlustre.common.Errno;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.llog.LlogContext;
import org.jlustre.mgc.Mgc;
import org.jlustre.mgs.Mgs;
import org.jlustre.obdclass.ObdDevice;
import org.jlustre.obdclass.Obdclass;
import org.jlustre.tools.control.ControlDirectory;

/**
 * Which device an lctl llog or config command acts on ({@code lctl --device}): the MGS by
 * default, as Lustre's lctl does for config logs; an MGC device reads the same logs from its
 * MGS over the llog RPCs.
 */
final class ConfigDevices {

    /**
     * What {@code --device} said ({@code MGS} when nothing), and the MGC {@code --mgsnode}
     * started in this process to reach a running MGS over TCP, closed when the command ends.
     */
    static final class Selection implements AutoCloseable {
        String device = Mgs.NAME;
        /** Whether {@code --device} was given (it then goes along to a server's control socket). */
        boolean deviceGiven;
        org.jlustre.lnet.Lnet lnet;
        org.jlustre.ptlrpc.Ptlrpc rpc;
        Mgc mgc;
        /** The server whose control socket runs the command ({@code --server}, {@code $JLUSTRE_SERVER}); null for this process. */
        String server;
        /** Whether {@code --server} was given, rather than taken from the environment. */
        boolean serverGiven;
        /** Where control sockets are. */
        ControlDirectory controlDir;

        @Override
        public void close() {
            if (mgc != null) {
                mgc.close();
                rpc.close();
                lnet.close();
                mgc = null;
            }
        }
    }

    /**
     * Starts an MGC in this process for the MGS at {@code mgsnode} ({@code NID[:PORT]}, port
     * 988 by default), this node being {@code nid} on TCP, and selects it.
     */
    static void connect(Libcfs libcfs, Selection sel, String mgsnode, String nid) throws LustreException {
        sel.close();
        int colon = mgsnode.lastIndexOf(':');
        org.jlustre.common.Nid mgs = org.jlustre.common.Nid.parse(colon > 0 ? mgsnode.substring(0, colon) : mgsnode);
        int port;
        try {
            port = colon > 0 ? Integer.parseInt(mgsnode.substring(colon + 1)) : 988;
        } catch (NumberFormatException e) {
            throw new LustreException(Errno.EINVAL, "--mgsnode '" + mgsnode + "': bad port");
        }
        sel.lnet = org.jlustre.lnet.Lnet.create(libcfs);
        try {
            sel.lnet.addNi(org.jlustre.lnet.socklnd.Socklnd.tcp(org.jlustre.lnet.socklnd.SocklndConfig
                    .of(org.jlustre.common.Nid.parse(nid)).withListen(false).withPeerPort(n -> port)));
            sel.rpc = org.jlustre.ptlrpc.Ptlrpc.start(sel.lnet);
            sel.mgc = new Mgc(sel.rpc, java.util.List.of(mgs), java.time.Duration.ofSeconds(10),
                    java.time.Duration.ofHours(1));
        } catch (LustreException | RuntimeException e) {
            if (sel.rpc != null) {
                sel.rpc.close();
            }
            sel.lnet.close();
            throw e;
        }
        sel.device = sel.mgc.name();
    }

    private ConfigDevices() {
    }

    static ObdDevice device(Libcfs libcfs, Selection sel) throws LustreException {
        return Obdclass.of(libcfs).devices().lookup(sel.device);
    }

    /** The config-log context of the selected device. */
    static LlogContext context(Libcfs libcfs, Selection sel) throws LustreException {
        ObdDevice d = device(libcfs, sel);
        Mgs mgs = d.impl(Mgs.class);
        if (mgs != null) {
            return mgs.context();
        }
        Mgc mgc = d.impl(Mgc.class);
        if (mgc != null) {
            return mgc.remoteContext();
        }
        throw new LustreException(Errno.EINVAL, "device " + d.name() + " (" + d.type() + ") has no config logs");
    }

    /** The MGS this process runs. */
    static Mgs mgs(Libcfs libcfs, Selection sel) throws LustreException {
        ObdDevice d = device(libcfs, sel);
        Mgs mgs = d.impl(Mgs.class);
        if (mgs == null) {
            throw new LustreException(Errno.EINVAL, "device " + d.name() + " (" + d.type() + ") is not an MGS");
        }
        return mgs;
    }
}
