package org.jlustre.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jlustre.bench.MdtSuiteTest.numbered;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.util.List;
import org.jlustre.client.LustreClient;
import org.jlustre.cluster.LocalCluster;
import org.jlustre.common.Fid;
import org.jlustre.mdc.MdcCred;
import org.jlustre.testing.Nodes;
import org.junit.jupiter.api.Test;

/**
 * The client suite without judging any speed: its rows, references and targets from given
 * measurements (with and without a passthrough), and its file APIs really making, finding and
 * removing files and moving the bytes, so the benchmark cannot count operations that fail.
 */
class ClientSuiteTest {

    @Test
    void rowsPairEachPathWithItsReferenceAndCarryTheIssueTargets() {
        int n = ClientSuite.PER_PATH;
        assertThat(n).isEqualTo(14);
        List<Measurement> ref = numbered(n + 1, 1_000);
        ref.set(n, Measurement.exactly(0.05)); // jimfs's fresh start
        List<Measurement> api = numbered(n + 1, 10);
        api.set(0, Measurement.exactly(0.9)); // llmount to first create: met
        api.set(1 + 4, Measurement.exactly(31_000)); // creates, 8 threads: met
        api.set(1 + 10, Measurement.exactly(1.4)); // write, 8 threads, stripe count 1: missed
        api.set(1 + 12, Measurement.exactly(1.6)); // write, 8 threads, stripe count 2: met
        List<Measurement> fuse = numbered(n, 100);
        List<Measurement> tmpfs = numbered(n, 200);
        List<Measurement> passthrough = numbered(n, 120);
        passthrough.set(0, Measurement.exactly(110)); // fuse 100 / 110 = 0.91: met
        passthrough.set(1, Measurement.exactly(130)); // fuse 101 / 130 = 0.78: missed
        List<Figure> f = ClientSuite.figures(ref, api, fuse, tmpfs, passthrough);
        assertThat(f).hasSize(3 * n + 1);
        assertThat(f.get(0).name()).isEqualTo("create, 1 thread, api tcp");
        assertThat(f.get(0).reference()).isEqualTo("jimfs create, 1 thread");
        assertThat(f.get(0).value().median()).isEqualTo(11);
        assertThat(f.get(0).status()).isEqualTo(Figure.Status.REPORT);
        assertThat(f.get(4).name()).isEqualTo("create, 8 threads, api tcp");
        assertThat(f.get(4).status()).isEqualTo(Figure.Status.MET);
        assertThat(f.get(4).targetText()).isEqualTo(">= 3e4 ops/s");
        assertThat(f.get(5).status()).isEqualTo(Figure.Status.REPORT); // stats
        assertThat(f.get(8).name()).isEqualTo("write 1 MiB, 1 thread, stripe count 1, api tcp");
        assertThat(f.get(8).unit()).isEqualTo("GB/s");
        assertThat(f.get(8).referenceValue().median()).isEqualTo(1_008);
        assertThat(f.get(8).status()).isEqualTo(Figure.Status.REPORT);
        assertThat(f.get(10).name()).isEqualTo("write 1 MiB, 8 threads, stripe count 1, api tcp");
        assertThat(f.get(10).status()).isEqualTo(Figure.Status.MISSED);
        assertThat(f.get(11).name()).isEqualTo("read 1 MiB, 8 threads, stripe count 1, api tcp");
        assertThat(f.get(11).status()).isEqualTo(Figure.Status.REPORT);
        assertThat(f.get(12).status()).isEqualTo(Figure.Status.MET);
        assertThat(f.get(12).targetText()).isEqualTo(">= 1.5 GB/s");
        Figure fuse0 = f.get(n);
        assertThat(fuse0.name()).isEqualTo("create, 1 thread, fuse");
        assertThat(fuse0.reference()).isEqualTo("passthrough_ll on tmpfs create, 1 thread");
        assertThat(fuse0.status()).isEqualTo(Figure.Status.MET);
        assertThat(f.get(n + 1).ratio()).isEqualTo(101.0 / 130);
        assertThat(f.get(n + 1).status()).isEqualTo(Figure.Status.MISSED);
        assertThat(f.get(2 * n).name()).isEqualTo("create, 1 thread, passthrough_ll");
        assertThat(f.get(2 * n).reference()).isEqualTo("tmpfs create, 1 thread");
        assertThat(f.get(2 * n).status()).isEqualTo(Figure.Status.REPORT);
        Figure start = f.get(3 * n);
        assertThat(start.name()).isEqualTo("llmount to first create, fresh JVM, tcp");
        assertThat(start.unit()).isEqualTo("s");
        assertThat(start.referenceValue().median()).isEqualTo(0.05);
        assertThat(start.status()).isEqualTo(Figure.Status.MET);
        assertThat(BenchMain.SUITES).extracting(Suite::name).contains("client");
    }

    @Test
    void withoutAPassthroughTheFuseRowsAreSetAgainstTmpfsForTheRecord() {
        int n = ClientSuite.PER_PATH;
        List<Figure> f = ClientSuite.figures(numbered(n + 1, 1), numbered(n + 1, 2), numbered(n, 3), numbered(n, 4),
                List.of());
        assertThat(f).hasSize(2 * n + 1);
        assertThat(f.get(n).reference()).isEqualTo("tmpfs create, 1 thread");
        assertThat(f.get(n).referenceValue().median()).isEqualTo(4);
        assertThat(f.subList(n, 2 * n)).extracting(Figure::status).containsOnly(Figure.Status.REPORT);
        assertThatThrownBy(() -> ClientSuite.figures(numbered(n, 1), numbered(n + 1, 2), numbered(n, 3),
                numbered(n, 4), List.of())).hasMessage("the ref part gave 14 measurements, expected 15");
    }

    @Test
    void theApiNamespaceAndIorFilesWorkOnAFilesystem() throws Exception {
        try (LocalCluster c = LocalCluster.start(Nodes.Driver.TCP, 2); Arena arena = Arena.ofShared()) {
            LustreClient fs = c.mount();
            ClientApi api = new ClientApi(fs, "top", 1);
            Fid made = api.create(0, "f1");
            api.stat(made);
            api.lookup(0, "f1");
            api.unlink(0, "f1");
            assertThatThrownBy(() -> api.lookup(0, "f1")).hasMessageContaining("No such file or directory");
            moveBytes(api, arena, 2);
            Fid top = fs.lookup(MdcCred.root(), fs.root(), ClientApi.bytes("top")).join().fid();
            assertThat(fs.readdirAll(MdcCred.root(), top).join()).hasSize(3); // ".", "..", d0: the IOR file is gone
        }
    }

    @Test
    void thePathNamespaceAndIorFilesWorkOnJimfs() throws Exception {
        try (FileSystem jimfs = JimfsFixture.unix(); Arena arena = Arena.ofShared()) {
            PathNamespace ns = new PathNamespace(jimfs.getPath("/"), 2);
            ns.stat(ns.create(1, "f1"));
            ns.lookup(1, "f1");
            ns.unlink(1, "f1");
            assertThat(Files.exists(jimfs.getPath("/d1/f1"))).isFalse();
            moveBytes(new PathIor(stripes -> jimfs.getPath("/d0")), arena, 1);
            try (var left = Files.list(jimfs.getPath("/d0"))) {
                assertThat(left.toList()).isEmpty();
            }
        }
    }

    /**
     * Two transfers written at 0 and 1 MiB, as IOR's priming does (on two stripes: one per OST),
     * the second read back, through a handle of {@code files}; the file removed.
     */
    private static void moveBytes(Ior.Files files, Arena arena, int stripes) throws Exception {
        MemorySegment out = arena.allocate(Ior.TRANSFER);
        for (long i = 0; i < out.byteSize(); i++) {
            out.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 31 + 7));
        }
        MemorySegment in = arena.allocate(Ior.TRANSFER);
        try (Ior.Handle h = files.create("ior0", stripes)) {
            h.write(0, out);
            h.write(Ior.TRANSFER, out);
            h.read(Ior.TRANSFER, in);
        }
        assertThat(in.mismatch(out)).isEqualTo(-1);
        files.unlink("ior0", stripes);
    }
}
