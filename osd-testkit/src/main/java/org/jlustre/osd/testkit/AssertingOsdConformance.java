package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jlustre.osd.testkit.KitAssertions.assertErrno;

import java.lang.foreign.MemorySegment;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.DirectoryIterator;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.TxnHooks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AssertingOsd} over a backend: it catches the caller bugs it promises to catch and
 * passes everything else through unchanged. Each test runs on
 * {@code AssertingOsd.wrap(standard device)}.
 */
public abstract class AssertingOsdConformance extends OsdTestCase {

    private AssertingOsd asserting;

    @BeforeEach
    final void wrapInAssertions() {
        asserting = AssertingOsd.wrap(device);
        device = asserting;
    }

    /** An update that was not declared at all is an AssertionError, and does not happen. */
    @Test
    void undeclaredUpdateIsCaught() throws Exception {
        OsdObject o = createRegular();
        try (Transaction th = device.transCreate()) {
            th.start();
            assertThatThrownBy(() -> o.body().write(0, MemorySegment.ofArray(new byte[4]), th))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("undeclared WRITE");
        }
        assertThat(size(o)).isZero();
    }

    /** An update declared for another object is caught. */
    @Test
    void updateDeclaredForAnotherObjectIsCaught() throws Exception {
        OsdObject a = createRegular();
        OsdObject b = createRegular();
        try (Transaction th = device.transCreate()) {
            a.declareAttrSet(new LuAttr().uid(1), th);
            th.start();
            assertThatThrownBy(() -> b.attrSet(new LuAttr().uid(1), th)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining(b.fid().toString());
        }
        assertThat(b.attrGet().uid()).isZero();
    }

    /** An update declared with another type is caught (an attrSet is not a write). */
    @Test
    void updateOfAnotherTypeIsCaught() throws Exception {
        OsdObject o = createRegular();
        try (Transaction th = device.transCreate()) {
            o.declareAttrSet(new LuAttr().size(10), th);
            th.start();
            assertThatThrownBy(() -> o.body().punch(0, 10, th)).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("PUNCH");
        }
    }

    /** Index updates are checked too: an insert needs an INSERT declare on the directory. */
    @Test
    void undeclaredInsertIsCaught() throws Exception {
        DirectoryIndex d = dir(createDir());
        try (Transaction th = device.transCreate()) {
            d.declareDelete("x", th);
            th.start();
            assertThatThrownBy(() -> d.insert("x", newFid(), FileMode.S_IFREG, th))
                    .isInstanceOf(AssertionError.class);
        }
        assertThat(d.lookup("x")).isEmpty();
    }

    /** Declared updates pass through with their results and errors unchanged. */
    @Test
    void declaredUpdatesPassThroughUnchanged() throws Exception {
        OsdObject o = newObject();
        int[] written = new int[1];
        tx().create(o, regAttr(), ObjectFormat.REGULAR).step(th -> o.body().declareWrite(0, 3, th),
                th -> written[0] = o.body().write(0, MemorySegment.ofArray(new byte[] {1, 2, 3}), th)).run();
        assertThat(written[0]).isEqualTo(3);
        assertErrno(Errno.EEXIST, () -> tx().create(o, regAttr(), ObjectFormat.REGULAR).run());
        assertErrno(Errno.ENODATA, () -> o.xattrGet("user.none"));
    }

    /** An update after stop still gets the OSD's IllegalStateException, unchanged. */
    @Test
    void updateAfterStopPassesTheOsdsError() throws Exception {
        OsdObject o = createRegular();
        Transaction th = device.transCreate();
        o.declareAttrSet(new LuAttr().uid(1), th);
        th.start();
        th.stop();
        assertThatThrownBy(() -> o.attrSet(new LuAttr().uid(1), th)).isInstanceOf(IllegalStateException.class);
    }

    /** Use of a handle after its close() is caught, also through its body and its indexes. */
    @Test
    void useAfterCloseIsCaught() throws Exception {
        OsdObject d = createDir();
        OsdObject handle = device.find(d.fid());
        DirectoryIndex index = dir(handle);
        handle.close();
        assertThatThrownBy(handle::attrGet).isInstanceOf(AssertionError.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> index.lookup(".")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> handle.body().read(0, MemorySegment.ofArray(new byte[1])))
                .isInstanceOf(AssertionError.class);
        assertThatThrownBy(handle::close).as("second close").isInstanceOf(AssertionError.class);
    }

    /** Each find is its own handle: closing one leaves another of the same object usable. */
    @Test
    void eachFindIsItsOwnHandle() throws Exception {
        OsdObject kept = createRegular(pattern(10, 1));
        OsdObject other = device.find(kept.fid());
        assertThat(other).isNotSameAs(kept);
        assertThat(identityOf(other)).isSameAs(identityOf(kept));
        other.close();
        assertThat(readAll(kept)).isEqualTo(pattern(10, 1));
    }

    /** Use of an iterator after its close() is caught. */
    @Test
    void iteratorUseAfterCloseIsCaught() throws Exception {
        DirectoryIndex d = dir(createDir());
        DirectoryIterator it = d.iterator(0);
        it.get("");
        it.close();
        assertThatThrownBy(it::next).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> it.load(0)).isInstanceOf(AssertionError.class);
    }

    /** A transaction never stopped is reported when the device is closed. */
    @Test
    void leakedTransactionIsReportedAtClose() throws Exception {
        OsdDevice raw = newDevice(DeviceSpec.small(16 << 20, 1000));
        AssertingOsd wrapped = AssertingOsd.wrap(raw);
        Transaction leaked = wrapped.transCreate();
        leaked.start();
        assertThat(wrapped.openTransactions()).hasSize(1);
        assertThatThrownBy(wrapped::close).isInstanceOf(AssertionError.class)
                .hasMessageContaining("never stopped");
    }

    /** A second open transaction on one thread is caught; the first can still be stopped. */
    @Test
    void secondOpenTransactionOnAThreadIsCaught() throws Exception {
        Transaction first = device.transCreate();
        try {
            assertThatThrownBy(device::transCreate).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("second open transaction");
        } finally {
            first.close();
        }
        assertThat(asserting.openTransactions()).isEmpty();
        device.transCreate().close();
    }

    /** openTransactions() follows create and stop. */
    @Test
    void openTransactionsAreListed() throws Exception {
        assertThat(asserting.openTransactions()).isEmpty();
        Transaction th = device.transCreate();
        assertThat(asserting.openTransactions()).hasSize(1);
        th.start();
        th.stop();
        assertThat(asserting.openTransactions()).isEmpty();
    }

    /** Hooks see the wrapped transaction: what a start hook declares, a stop hook may update. */
    @Test
    void hooksWorkThroughTheWrapper() throws Exception {
        OsdObject log = createRegular();
        TxnHooks hooks = new TxnHooks() {
            @Override
            public void txnStart(Transaction th) throws org.jlustre.common.LustreException {
                assertThat(th.device()).isSameAs(asserting);
                log.declareAttrSet(new LuAttr().uid(77), th);
            }

            @Override
            public void txnStop(Transaction th) throws org.jlustre.common.LustreException {
                log.attrSet(new LuAttr().uid(77), th);
            }
        };
        try (TxnHooks.Registration _ = device.addTxnHooks(hooks)) {
            tx().run();
        }
        assertThat(log.attrGet().uid()).isEqualTo(77);
    }
}
