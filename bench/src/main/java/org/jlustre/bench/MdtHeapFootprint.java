package org.jlustre.bench;

import java.nio.charset.StandardCharsets;
import org.jlustre.common.Fid;
import org.jlustre.mdt.mdd.CreateSpec;
import org.jlustre.mdt.perm.Cred;

/**
 * Heap bytes per empty file on the MDT: what {@link HeapFootprint} measures for osd-mem, but
 * for a file the MDD makes (the OSD object with its attributes, the directory entry name ->
 * FID with type, and the {@code trusted.lma} and {@code trusted.link} xattrs Lustre stores on
 * every MDT inode). The used-heap growth, after full collections, from a freshly mounted MDT to
 * one holding {@value HeapFootprint#FILES} empty files in directories of
 * {@value HeapFootprint#FILES_PER_DIRECTORY}, no reference to any kept, divided by the file
 * count; the median of {@value HeapFootprint#ROUNDS} mounts.
 */
final class MdtHeapFootprint {

    private MdtHeapFootprint() {
    }

    /** Heap bytes per empty file made through the MDD. */
    static Measurement mdt() throws Exception {
        double[] perFile = new double[HeapFootprint.ROUNDS];
        for (int r = 0; r < perFile.length; r++) {
            try (MdtFixture f = new MdtFixture(MdtFixture.Path.LOCAL)) {
                long before = Heaps.usedAfterCollect();
                for (int d = 0; d < HeapFootprint.FILES / HeapFootprint.FILES_PER_DIRECTORY; d++) {
                    Fid dir = f.mdd.create(Cred.ROOT, f.mdd.root(), ("d" + d).getBytes(StandardCharsets.US_ASCII),
                            f.allocFid(), CreateSpec.dir(0755)).fid();
                    for (int i = 0; i < HeapFootprint.FILES_PER_DIRECTORY; i++) {
                        f.mdd.create(Cred.ROOT, dir, ("f" + i).getBytes(StandardCharsets.US_ASCII), f.allocFid(),
                                CreateSpec.file(0644));
                    }
                }
                long after = Heaps.usedAfterCollect();
                perFile[r] = (after - before) / (double) HeapFootprint.FILES;
            }
        }
        return Measurement.of(perFile);
    }
}
