package org.jlustre.osd.mem;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.jlustre.common.FileMode;
import org.jlustre.common.Fid;
import org.jlustre.common.Libcfs;
import org.jlustre.common.LustreException;
import org.jlustre.osd.AllocationHint;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.Osd;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random writes, truncates and hole punches on several interleaved bodies at once, checked
 * byte for byte against byte arrays. Interleaving and recycling pages makes runs of adjacent
 * pages start and stop everywhere, which is what the page table's run copies must get right.
 */
class BodyModelTest {

    private static final int FILES = 3;
    private static final int MAX_SIZE = 20_000;

    @ParameterizedTest
    @ValueSource(ints = {64, 256, 4096})
    void bodiesMatchTheirModels(int pageSize) throws LustreException {
        long seed = Long.getLong("tests.seed", new SplittableRandom().nextLong());
        System.out.println("BodyModelTest pageSize=" + pageSize + " seed=0x" + Long.toHexString(seed));
        SplittableRandom random = new SplittableRandom(seed);
        Libcfs libcfs = Libcfs.create();
        libcfs.debug().setConsole(null);
        try (OsdDevice dev = OsdMem.create(MemOsdConfig.defaults("model").withLibcfs(libcfs).withPageSize(pageSize))) {
            OsdObject[] objects = new OsdObject[FILES];
            byte[][] models = new byte[FILES][0];
            for (int f = 0; f < FILES; f++) {
                objects[f] = dev.find(Fid.of(Fid.SEQ_NORMAL, f + 1));
                LuAttr attr = new LuAttr().mode(FileMode.S_IFREG | 0644);
                try (Transaction th = dev.transCreate()) {
                    objects[f].declareCreate(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
                    th.start();
                    objects[f].create(attr, AllocationHint.NONE, ObjectFormat.REGULAR, th);
                }
            }
            for (int step = 0; step < 400; step++) {
                int f = random.nextInt(FILES);
                OsdObject o = objects[f];
                int op = random.nextInt(10);
                try (Transaction th = dev.transCreate()) {
                    if (op < 7) {
                        int pos = random.nextInt(MAX_SIZE);
                        byte[] data = new byte[random.nextInt(1, 3 * pageSize + 17)];
                        random.nextBytes(data);
                        o.body().declareWrite(pos, data.length, th);
                        th.start();
                        o.body().write(pos, MemorySegment.ofArray(data), th);
                        models[f] = Arrays.copyOf(models[f], Math.max(models[f].length, pos + data.length));
                        System.arraycopy(data, 0, models[f], pos, data.length);
                    } else if (op < 9) {
                        int size = random.nextInt(models[f].length + 1);
                        o.body().declarePunch(size, Osd.OBJECT_EOF, th);
                        th.start();
                        o.body().punch(size, Osd.OBJECT_EOF, th);
                        models[f] = Arrays.copyOf(models[f], size);
                    } else if (models[f].length > 0) {
                        int start = random.nextInt(models[f].length);
                        int end = random.nextInt(start, models[f].length);
                        o.body().declarePunch(start, end, th);
                        th.start();
                        o.body().punch(start, end, th);
                        Arrays.fill(models[f], start, end, (byte) 0);
                    }
                }
                int from = models[f].length == 0 ? 0 : random.nextInt(models[f].length);
                byte[] part = new byte[models[f].length - from];
                assertThat(o.body().read(from, MemorySegment.ofArray(part))).isEqualTo(part.length);
                assertThat(part).as("file %d from %d after step %d (seed 0x%x)", f, from, step, seed)
                        .isEqualTo(Arrays.copyOfRange(models[f], from, models[f].length));
            }
            for (int f = 0; f < FILES; f++) {
                byte[] all = new byte[models[f].length];
                objects[f].body().read(0, MemorySegment.ofArray(all));
                assertThat(all).as("file %d (seed 0x%x)", f, seed).isEqualTo(models[f]);
                objects[f].close();
            }
        }
    }
}
