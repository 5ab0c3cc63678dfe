package org.jlustre.mdt;

import org.jlustre.common.LustreException;
import org.jlustre.common.Nid;
import org.jlustre.common.param.Param;
import org.jlustre.mdt.perm.Cred;
import org.jlustre.mdt.perm.RootSquash;

/**
 * An MDT's root squash parameters (lustre/mdt/mdt_lproc.c {@code root_squash} and
 * {@code nosquash_nids}) over PERM's {@link RootSquash}: {@code root_squash} is
 * {@code <uid>:<gid>} ("0:0", squash off, by default), {@code nosquash_nids} is {@code NONE}
 * or a NID list ({@code cfs_parse_nidlist} syntax). Every request's credentials go through
 * {@link #apply} ({@code mdt_root_squash}).
 *
 * <p>Thread-safe: the settings are one immutable value swapped whole.
 */
final class MdtSquash {

    private volatile RootSquash squash = RootSquash.OFF;

    /** The credentials a request from {@code peer} runs with. */
    Cred apply(Cred cred, long peer) {
        RootSquash s = squash;
        return s.uid() == 0 ? cred : s.apply(cred, Nid.fromLnetNid(peer));
    }

    /** {@code mdt.*.root_squash}: {@code <uid>:<gid>}. */
    Param rootSquashParam() {
        return new Param() {
            @Override
            public String read() {
                return squash.param() + "\n";
            }

            @Override
            public boolean writable() {
                return true;
            }

            @Override
            public void write(String text) throws LustreException {
                synchronized (MdtSquash.this) {
                    squash = squash.withIds(text.strip());
                }
            }
        };
    }

    /** {@code mdt.*.nosquash_nids}: {@code NONE} or a NID list. */
    Param nosquashParam() {
        return new Param() {
            @Override
            public String read() {
                return squash.nosquashParam() + "\n";
            }

            @Override
            public boolean writable() {
                return true;
            }

            @Override
            public void write(String text) throws LustreException {
                synchronized (MdtSquash.this) {
                    squash = squash.withNosquash(text.strip());
                }
            }
        };
    }
}
