package org.jlustre.client;

import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.ptlrpc.Ptlrpc;

/** Mounts a client (lustre_fill_super); the implementation follows the API. */
final class ClientMount {

    private ClientMount() {
    }

    static LustreClient mount(Ptlrpc node, MountOptions options) throws LustreException {
        throw new LustreException(Errno.EOPNOTSUPP, "client mount of " + options.fsname() + " is being built");
    }
}
