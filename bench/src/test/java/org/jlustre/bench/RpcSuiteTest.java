package org.jlustre.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jlustre.ptlrpc.ImportState;
import org.jlustre.ptlrpc.Reply;
import org.jlustre.wire.Le;
import org.jlustre.wire.ptlrpc.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The rpc suite without timing anything: its rows, targets and JSON from given figures, and
 * the fixture and load the benchmarks drive, so a benchmark cannot measure the wrong thing
 * quietly (a ping that fails, a bulk that moves nothing, a chain that stops).
 */
class RpcSuiteTest {

    @Test
    void rowsCarryTheIssueTargetsOverTcpOnly() {
        Measurement echo1 = Measurement.exactly(25_000);
        Measurement echo16 = Measurement.exactly(300_000);
        Measurement echoBulk = Measurement.exactly(1.8);
        List<Figure> tcp = RpcSuite.figures(RpcFixture.Net.TCP, new RpcSuite.Measured(Measurement.exactly(20_000),
                Measurement.exactly(150_000), Measurement.exactly(2.5), Measurement.exactly(1.5)), echo1, echo16, echoBulk);
        assertThat(tcp).extracting(Figure::name).containsExactly("ping, 1 in flight, tcp", "ping, 16 in flight, tcp",
                "bulk read 1 MiB, 4 in flight, tcp", "bulk write 1 MiB, 4 in flight, tcp");
        assertThat(tcp).extracting(Figure::status).containsExactly(Figure.Status.MET, Figure.Status.MISSED,
                Figure.Status.MET, Figure.Status.MISSED);
        assertThat(tcp.get(0).ratio()).isEqualTo(0.8);
        assertThat(tcp.get(0).targetText()).isEqualTo(">= 0.7x");
        assertThat(tcp.get(1).targetText()).isEqualTo(">= 2e5 pings/s");
        assertThat(tcp.get(2).targetText()).isEqualTo(">= 2 GB/s");
        List<Figure> mem = RpcSuite.figures(RpcFixture.Net.MEM, new RpcSuite.Measured(Measurement.exactly(1),
                Measurement.exactly(1), Measurement.exactly(1), Measurement.exactly(1)), echo1, echo16, echoBulk);
        assertThat(mem).extracting(Figure::status).containsOnly(Figure.Status.REPORT);
        String json = new BenchReport("rpc", "quick", tcp).json();
        assertThat(json).startsWith("{\"suite\": \"rpc\", \"figures\": [")
                .contains("\"name\": \"ping, 1 in flight, tcp\", \"value\": 20000, \"unit\": \"pings/s\", "
                        + "\"reference\": \"netty echo 320 B, 1 in flight\", \"reference_value\": 25000, "
                        + "\"ratio\": 0.8, \"target\": \">= 0.7x\"");
        assertThat(BenchMain.SUITES).extracting(Suite::name).contains("rpc");
    }

    @Test
    void theFixturePingsAndMovesBulkOverBothNetworks() throws Exception {
        for (RpcFixture.Net net : RpcFixture.Net.values()) {
            try (RpcFixture f = new RpcFixture(net, 2); Arena arena = Arena.ofShared()) {
                assertThat(f.imp.state()).isEqualTo(ImportState.FULL);
                Reply pong = f.imp.call(f.ping());
                assertThat(pong.body().opc()).isEqualTo(Opcodes.OBD_PING);
                MemorySegment out = RpcFixture.buffer(arena, RpcSuite.BULK);
                out.set(Le.U64, 4096, 0x1122334455667788L);
                Reply w = f.imp.call(f.write(out));
                assertThat(w.buf(1, 16, "write reply").get(Le.U64, 0)).isEqualTo(RpcSuite.BULK);
                MemorySegment in = RpcFixture.buffer(arena, RpcSuite.BULK);
                in.fill((byte) 0);
                f.imp.call(f.read(in));
                assertThat(in.mismatch(out)).as(net + ": the read returns what was written").isEqualTo(-1);
            }
        }
    }

    @Test
    void chainsKeepTheirOperationsGoingOnBothNetworks() throws Exception {
        for (RpcFixture.Net net : RpcFixture.Net.values()) {
            try (RpcFixture f = new RpcFixture(net, 2)) {
                long done;
                try (Load.Chains c = new Load.Chains(4, i -> f.imp.send(f.ping()))) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                    while (c.completed() < 2000 && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    done = c.completed();
                }
                assertThat(done).as(net + ": pings completed by 4 chains").isGreaterThanOrEqualTo(2000);
                assertThat(f.imp.timeouts()).isZero();
            }
        }
    }

    @Test
    void measurementsCrossTheForkBoundaryExactly() {
        Measurement m = new Measurement(208_291.53, 76_977.125, 212_614.0);
        assertThat(Fork.format(m)).isEqualTo("@measurement 208291.53 76977.125 212614.0");
        assertThat(Fork.parse(Fork.format(m))).isEqualTo(m);
        assertThatThrownBy(() -> Fork.parse("@measurement 1 2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'@measurement 1 2'");
    }

    @Test
    void aForkedPartReturnsItsMeasurementsAndAFailedOneSaysWhich() throws Exception {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        List<Measurement> echo = Fork.run("rpc", "echo", new RunLength(0, 1, 1),
                new PrintStream(progress, true, StandardCharsets.UTF_8));
        assertThat(echo).hasSize(3).allSatisfy(m -> assertThat(m.median()).isPositive());
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("rpc: netty echo references");
        assertThatThrownBy(() -> Fork.run("rpc", "NOSUCH", new RunLength(0, 1, 1), new PrintStream(
                OutputStream.nullOutputStream()))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("part 'NOSUCH' exited with status 1");
    }
}
