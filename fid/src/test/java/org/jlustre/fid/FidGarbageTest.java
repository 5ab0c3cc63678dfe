package org.jlustre.fid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.ptlrpc.ClientRequest;
import org.jlustre.ptlrpc.Import;
import org.jlustre.testing.Nodes;
import org.jlustre.wire.Le;
import org.jlustre.wire.ptlrpc.MsgFlags;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.jlustre.wire.ptlrpc.Portals;
import org.junit.jupiter.api.Test;

/**
 * Random SEQ_QUERY, FLD_QUERY and FLD_READ requests (random operations, buffer counts, lengths
 * and bytes) to MDT0's FID services: each gets a grant, an answer or a clear errno, never a
 * crash or silence, and the services keep granting in order afterwards. The seed is printed.
 */
class FidGarbageTest {

    private static final Set<Errno> EXPECTED = EnumSet.of(Errno.EINVAL, Errno.EPROTO, Errno.ENOENT, Errno.EIO,
            Errno.EAGAIN, Errno.ENOSPC);

    @Test
    void garbageGetsAnErrnoAndTheServicesKeepServing() throws Exception {
        long seed = System.nanoTime();
        System.out.println("FidGarbageTest seed " + seed);
        SplittableRandom rnd = new SplittableRandom(seed);
        try (FidCluster c = new FidCluster(Nodes.Driver.MEM)) {
            FidCluster.Mds mds = c.mds("lustre-MDT0000");
            TargetFid t0 = c.keep(TargetFid.mdt(c.device("mdt0"), "lustre-MDT0000", 0, null, mds.node.libcfs()));
            mds.fid.serve(mds.target, t0.site());
            Import imp = c.connect(mds);
            int[] opcodes = {Opcodes.SEQ_QUERY, Opcodes.FLD_QUERY, Opcodes.FLD_READ};
            int[] portals = {Portals.SEQ_CONTROLLER, Portals.SEQ_METADATA, Portals.FLD_REQUEST};
            for (int i = 0; i < 300; i++) {
                int n = rnd.nextInt(4);
                int[] lens = new int[n];
                for (int k = 0; k < n; k++) {
                    lens[k] = rnd.nextInt(4) == 0 ? rnd.nextInt(40) : (k == 0 ? 4 : 24);
                }
                ClientRequest req = imp.request(opcodes[rnd.nextInt(3)], MsgFlags.LUSTRE_MDS_VERSION, lens)
                        .requestPortal(portals[rnd.nextInt(3)]);
                for (int k = 0; k < n; k++) {
                    var b = req.buf(k + 1);
                    for (int j = 0; j < lens[k]; j++) {
                        b.set(java.lang.foreign.ValueLayout.JAVA_BYTE, j, (byte) rnd.nextInt(256));
                    }
                    if (k == 0 && lens[k] >= 4 && rnd.nextBoolean()) {
                        b.set(Le.U32, 0, rnd.nextInt(3));
                    }
                }
                try {
                    imp.call(req);
                } catch (LustreException e) {
                    assertThat(e.errno()).as("seed %d request %d: %s", seed, i, e.getMessage()).isIn(EXPECTED);
                }
            }
            // still granting: a fresh client gets a sequence nobody had (the controller only moved forward)
            SeqClient cli = SeqClient.remote(imp, "after", SeqType.METADATA);
            long seq = cli.allocSeq();
            assertThat(Long.compareUnsigned(seq, 0x200000400L)).as("seed %d", seed).isGreaterThanOrEqualTo(0);
            assertThat(t0.fld().find(seq)).as("seed %d", seed).isPresent();
            assertThat(t0.fld().lookup(Fld.IGIF.start())).isEqualTo(Fld.IGIF);
        }
    }
}
