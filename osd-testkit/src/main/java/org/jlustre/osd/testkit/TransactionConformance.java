package org.jlustre.osd.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jlustre.osd.testkit.KitAssertions.assertErrno;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jlustre.common.Errno;
import org.jlustre.common.FileMode;
import org.jlustre.common.LustreException;
import org.jlustre.osd.BufsType;
import org.jlustre.osd.Declare;
import org.jlustre.osd.DirectoryIndex;
import org.jlustre.osd.LocalBuffer;
import org.jlustre.osd.LuAttr;
import org.jlustre.osd.ObjectFormat;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.osd.TxnHooks;
import org.jlustre.osd.TxnKey;
import org.jlustre.osd.UpdateType;
import org.jlustre.osd.XattrMode;
import org.junit.jupiter.api.Test;

/**
 * Transactions ({@link Transaction}, {@link TxnHooks}; {@code thandle}, reference 2.7): the
 * lifecycle and its IllegalStateExceptions, declares, hooks, stop and commit callbacks,
 * results, attachments and ordering.
 */
public abstract class TransactionConformance extends OsdTestCase {

    /** Hooks that record what they saw and optionally act. */
    private static final class Hooks implements TxnHooks {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        TxBatch.TxWork onStart = th -> {
        };
        TxBatch.TxWork onStop = th -> {
        };

        @Override
        public void txnStart(Transaction th) throws LustreException {
            events.add("start:" + th.state());
            onStart.run(th);
        }

        @Override
        public void txnStop(Transaction th) throws LustreException {
            events.add("stop:" + th.state());
            onStop.run(th);
        }
    }

    /** Records callbacks as "name=result". */
    private static List<String> record(Transaction th, List<String> into) {
        th.addStopCallback((t, rc) -> into.add("stop=" + rc));
        th.addCommitCallback((t, rc) -> into.add("commit=" + rc));
        return into;
    }

    private static List<String> events() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    // ---- lifecycle ----

    /** CREATED, then STARTED, then STOPPED; the handle knows its device. */
    @Test
    void lifecycleStates() throws Exception {
        Transaction th = device.transCreate();
        try {
            assertThat(th.state()).isEqualTo(Transaction.State.CREATED);
            assertThat(th.device()).isSameAs(device);
            th.start();
            assertThat(th.state()).isEqualTo(Transaction.State.STARTED);
        } finally {
            th.stop();
        }
        assertThat(th.state()).isEqualTo(Transaction.State.STOPPED);
    }

    /** declares(): "The updates declared so far, in declaration order", with type and FID. */
    @Test
    void declaresAreRecordedInOrder() throws Exception {
        OsdObject fresh = newObject();
        OsdObject file = createRegular(pattern(100, 1));
        OsdObject d = createDir();
        DirectoryIndex dir = dir(d);
        List<LocalBuffer> bufs = file.body().bufsGet(0, 10, BufsType.WRITE);
        try (Transaction th = device.transCreate()) {
            fresh.declareCreate(regAttr(), org.jlustre.osd.AllocationHint.NONE, ObjectFormat.REGULAR, th);
            fresh.body().declareWrite(0, 10, th);
            dir.declareInsert("fresh", th);
            file.declareAttrSet(new LuAttr().uid(1), th);
            file.declareXattrSet("user.a", 1, XattrMode.SET, th);
            file.declareXattrDel("user.a", th);
            file.declareRefAdd(th);
            file.declareRefDel(th);
            file.body().declarePunch(0, 5, th);
            file.body().declareWriteCommit(bufs, th);
            dir.declareDelete("fresh", th);
            file.declareDestroy(th);
            assertThat(th.declares()).containsExactly(new Declare(UpdateType.CREATE, fresh.fid()),
                    new Declare(UpdateType.WRITE, fresh.fid()), new Declare(UpdateType.INSERT, d.fid()),
                    new Declare(UpdateType.ATTR_SET, file.fid()), new Declare(UpdateType.XATTR_SET, file.fid()),
                    new Declare(UpdateType.XATTR_DEL, file.fid()), new Declare(UpdateType.REF_ADD, file.fid()),
                    new Declare(UpdateType.REF_DEL, file.fid()), new Declare(UpdateType.PUNCH, file.fid()),
                    new Declare(UpdateType.WRITE_COMMIT, file.fid()), new Declare(UpdateType.DELETE, d.fid()),
                    new Declare(UpdateType.DESTROY, file.fid()));
            th.start();
        } finally {
            file.body().bufsPut(bufs);
        }
        assertThat(file.exists()).as("declares alone change nothing").isTrue();
        assertThat(fresh.exists()).isFalse();
    }

    /** "declares may name objects that do not exist yet": create, write and xattr in one go. */
    @Test
    void declaresMayNameMissingObjects() throws Exception {
        OsdObject o = newObject();
        tx().create(o, regAttr(), ObjectFormat.REGULAR).write(o, 0, pattern(50, 2))
                .xattrSet(o, "trusted.lma", utf8("x"), XattrMode.CREATE).attrSet(o, new LuAttr().uid(3)).run();
        assertThat(readAll(o)).isEqualTo(pattern(50, 2));
        assertThat(o.attrGet().uid()).isEqualTo(3);
    }

    /** start(): "IllegalStateException if already started". */
    @Test
    void secondStartThrowsIllegalState() throws Exception {
        try (Transaction th = device.transCreate()) {
            th.start();
            assertThatThrownBy(th::start).isInstanceOf(IllegalStateException.class);
        }
    }

    /** "updates only between start() and ...": an update before start is IllegalStateException. */
    @Test
    void updateBeforeStartThrowsIllegalState() throws Exception {
        OsdObject o = createRegular();
        try (Transaction th = device.transCreate()) {
            o.body().declareWrite(0, 4, th);
            assertThatThrownBy(() -> o.body().write(0, MemorySegment.ofArray(new byte[4]), th))
                    .isInstanceOf(IllegalStateException.class);
        }
        assertThat(size(o)).isZero();
    }

    /** "Declares are accepted only before start()". */
    @Test
    void declareAfterStartThrowsIllegalState() throws Exception {
        OsdObject o = createRegular();
        try (Transaction th = device.transCreate()) {
            th.start();
            assertThatThrownBy(() -> o.declareAttrSet(new LuAttr().uid(1), th))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> o.body().declareWrite(0, 1, th)).isInstanceOf(IllegalStateException.class);
        }
    }

    /** Updates after stop are IllegalStateException (the handle is "no longer usable"). */
    @Test
    void updateAfterStopThrowsIllegalState() throws Exception {
        OsdObject o = createRegular();
        Transaction th = device.transCreate();
        o.declareAttrSet(new LuAttr().uid(5), th);
        th.start();
        th.stop();
        assertThatThrownBy(() -> o.attrSet(new LuAttr().uid(5), th)).isInstanceOf(IllegalStateException.class);
        assertThat(o.attrGet().uid()).isZero();
    }

    /** stop(): "IllegalStateException if already stopped" (after stop or close). */
    @Test
    void secondStopThrowsIllegalState() throws Exception {
        Transaction th = device.transCreate();
        th.start();
        th.stop();
        assertThatThrownBy(th::stop).isInstanceOf(IllegalStateException.class);
        Transaction closed = device.transCreate();
        closed.start();
        closed.close();
        assertThatThrownBy(closed::stop).isInstanceOf(IllegalStateException.class);
    }

    /** close(): "Stops the transaction unless it was already stopped": callbacks run once. */
    @Test
    void closeStopsOnceAndAgainIsANoOp() throws Exception {
        List<String> seen = events();
        Transaction th = device.transCreate();
        th.start();
        record(th, seen);
        th.close();
        assertThat(th.state()).isEqualTo(Transaction.State.STOPPED);
        th.close();
        assertThat(seen).containsExactly("stop=0", "commit=0");
    }

    /** An empty transaction still runs its callbacks with 0. */
    @Test
    void emptyTransactionCommits() throws Exception {
        List<String> seen = events();
        try (Transaction th = device.transCreate()) {
            th.start();
            record(th, seen);
        }
        assertThat(seen).containsExactly("stop=0", "commit=0");
    }

    // ---- hooks ----

    /** "start() calls every registered txnStart and stop() every txnStop", once each. */
    @Test
    void hooksRunOncePerTransaction() throws Exception {
        OsdObject o = createRegular();
        Hooks hooks = new Hooks();
        try (TxnHooks.Registration _ = device.addTxnHooks(hooks)) {
            tx().attrSet(o, new LuAttr().uid(1)).run();
            assertThat(hooks.events).containsExactly("start:CREATED", "stop:STARTED");
            tx().attrSet(o, new LuAttr().uid(2)).run();
            assertThat(hooks.events).hasSize(4);
        }
    }

    /** txnStart runs "before the transaction is started"; txnStop "while [it] still accepts its declared updates". */
    @Test
    void hooksSeeTheTransactionState() throws Exception {
        Hooks hooks = new Hooks();
        try (TxnHooks.Registration _ = device.addTxnHooks(hooks); Transaction th = device.transCreate()) {
            th.start();
            assertThat(hooks.events).containsExactly("start:CREATED");
            th.stop();
            assertThat(hooks.events).containsExactly("start:CREATED", "stop:STARTED");
        }
    }

    /** "Neither hook runs for local transactions" (setLocal, and startLocal). */
    @Test
    void hooksSkipLocalTransactions() throws Exception {
        OsdObject o = createRegular();
        Hooks hooks = new Hooks();
        try (TxnHooks.Registration _ = device.addTxnHooks(hooks)) {
            try (Transaction th = device.transCreate()) {
                th.setLocal(true);
                assertThat(th.isLocal()).isTrue();
                th.start();
            }
            try (Transaction th = device.transCreate()) {
                th.startLocal();
                assertThat(th.isLocal()).isTrue();
            }
            tx().local().attrSet(o, new LuAttr().uid(4)).run();
        }
        assertThat(hooks.events).isEmpty();
        assertThat(o.attrGet().uid()).isEqualTo(4);
    }

    /** Registration.close(): "transactions started afterwards do not call them". */
    @Test
    void closedRegistrationStopsTheCalls() throws Exception {
        Hooks hooks = new Hooks();
        TxnHooks.Registration r = device.addTxnHooks(hooks);
        tx().run();
        r.close();
        tx().run();
        assertThat(hooks.events).hasSize(2);
    }

    /** addTxnHooks: "they run for every non-local transaction started after this call". */
    @Test
    void hooksRunForTransactionsStartedAfterRegistration() throws Exception {
        Hooks hooks = new Hooks();
        try (Transaction th = device.transCreate()) {
            try (TxnHooks.Registration _ = device.addTxnHooks(hooks)) {
                th.start();
                th.stop();
            }
        }
        assertThat(hooks.events).containsExactly("start:CREATED", "stop:STARTED");
    }

    /** "a start hook's exception fails it too"; stop then runs the callbacks "with the failure as result". */
    @Test
    void startHookExceptionFailsTheStart() throws Exception {
        OsdObject o = createRegular();
        Hooks hooks = new Hooks();
        hooks.onStart = th -> {
            throw new LustreException(Errno.EDQUOT, "hook refuses " + th);
        };
        List<String> seen = events();
        try (TxnHooks.Registration _ = device.addTxnHooks(hooks)) {
            Transaction th = device.transCreate();
            o.declareAttrSet(new LuAttr().uid(9), th);
            record(th, seen);
            assertErrno(Errno.EDQUOT, th::start);
            assertThat(th.state()).isNotEqualTo(Transaction.State.STARTED);
            th.stop();
            assertThat(th.state()).isEqualTo(Transaction.State.STOPPED);
        }
        assertThat(seen).containsExactly("stop=" + Errno.EDQUOT.rc(), "commit=" + Errno.EDQUOT.rc());
        assertThat(o.attrGet().uid()).isZero();
    }

    /** txnStop: "An exception becomes the stop's result": stop throws it and callbacks get it. */
    @Test
    void stopHookExceptionBecomesTheResult() throws Exception {
        Hooks hooks = new Hooks();
        hooks.onStop = th -> {
            throw new LustreException(Errno.EIO, "hook fails stop of " + th);
        };
        List<String> seen = events();
        try (TxnHooks.Registration _ = device.addTxnHooks(hooks)) {
            Transaction th = device.transCreate();
            th.start();
            record(th, seen);
            assertErrno(Errno.EIO, th::stop);
            assertThat(th.state()).isEqualTo(Transaction.State.STOPPED);
        }
        assertThat(seen).containsExactly("stop=" + Errno.EIO.rc(), "commit=" + Errno.EIO.rc());
    }

    /** txnStart "may still declare the updates it will make at stop" (as tgt_txn_start_cb does for last_rcvd). */
    @Test
    void startHookDeclaresWhatTheStopHookWrites() throws Exception {
        OsdObject lastRcvd = createRegular();
        OsdObject file = createRegular();
        byte[] slot = pattern(128, 3);
        Hooks hooks = new Hooks();
        hooks.onStart = th -> lastRcvd.body().declareWrite(8192, slot.length, th);
        hooks.onStop = th -> lastRcvd.body().write(8192, MemorySegment.ofArray(slot), th);
        try (TxnHooks.Registration _ = device.addTxnHooks(hooks)) {
            tx().attrSet(file, new LuAttr().uid(8)).run();
        }
        assertThat(read(lastRcvd, 8192, 128)).isEqualTo(slot);
        assertThat(file.attrGet().uid()).isEqualTo(8);
    }

    // ---- callbacks ----

    /** stop runs "the stop callbacks (DCB_TRANS_STOP), then the commit callbacks, each with ... 0 on success". */
    @Test
    void stopCallbacksRunBeforeCommitCallbacks() throws Exception {
        List<String> seen = events();
        try (Transaction th = device.transCreate()) {
            th.start();
            th.addCommitCallback((t, rc) -> seen.add("commit=" + rc));
            th.addStopCallback((t, rc) -> seen.add("stop=" + rc));
            th.addCommitCallback((t, rc) -> seen.add("commit2=" + rc));
        }
        device.sync();
        assertThat(seen).containsExactly("stop=0", "commit=0", "commit2=0");
    }

    /** Hooks run first, then stop callbacks, then commit callbacks. */
    @Test
    void stopHooksRunBeforeCallbacks() throws Exception {
        List<String> seen = events();
        Hooks hooks = new Hooks();
        hooks.onStop = th -> seen.add("hook");
        try (TxnHooks.Registration _ = device.addTxnHooks(hooks); Transaction th = device.transCreate()) {
            th.start();
            record(th, seen);
        }
        assertThat(seen).containsExactly("hook", "stop=0", "commit=0");
    }

    /** addCommitCallback: "allowed until the stop callbacks run (hooks may add them)". */
    @Test
    void callbacksAddedByTheStopHookRun() throws Exception {
        List<String> seen = events();
        Hooks hooks = new Hooks();
        hooks.onStop = th -> record(th, seen);
        try (TxnHooks.Registration _ = device.addTxnHooks(hooks)) {
            tx().run();
        }
        device.sync();
        assertThat(seen).containsExactly("stop=0", "commit=0");
    }

    /** "A sync transaction's stop returns only after it committed." */
    @Test
    void syncTransactionHasCommittedWhenStopReturns() throws Exception {
        List<String> seen = events();
        Transaction th = device.transCreate();
        th.setSync(true);
        assertThat(th.isSync()).isTrue();
        th.start();
        th.addCommitCallback((t, rc) -> seen.add("commit=" + rc));
        th.stop();
        assertThat(seen).containsExactly("commit=0");
    }

    /** setSync is "allowed until stop", also after start. */
    @Test
    void syncCanBeSetAfterStart() throws Exception {
        List<String> seen = events();
        Transaction th = device.transCreate();
        th.start();
        th.setSync(true);
        th.addCommitCallback((t, rc) -> seen.add("commit sync=" + t.isSync()));
        th.stop();
        assertThat(seen).containsExactly("commit sync=true");
    }

    /** A start failing with EROFS "still needs stop(), which then runs the callbacks with the failure". */
    @Test
    void failedStartRunsCallbacksWithTheFailure() throws Exception {
        OsdObject o = newObject();
        device.setReadOnly();
        List<String> seen = events();
        Transaction th = device.transCreate();
        o.declareCreate(regAttr(), org.jlustre.osd.AllocationHint.NONE, ObjectFormat.REGULAR, th);
        record(th, seen);
        assertErrno(Errno.EROFS, th::start);
        th.stop();
        assertThat(seen).containsExactly("stop=" + Errno.EROFS.rc(), "commit=" + Errno.EROFS.rc());
        assertThat(o.exists()).isFalse();
    }

    /** result()/setResult: "a non-zero result is passed to callbacks". */
    @Test
    void recordedResultIsPassedToCallbacks() throws Exception {
        List<String> seen = events();
        try (Transaction th = device.transCreate()) {
            assertThat(th.result()).isZero();
            th.start();
            record(th, seen);
            th.setResult(Errno.EIO.rc());
            assertThat(th.result()).isEqualTo(Errno.EIO.rc());
        }
        assertThat(seen).containsExactly("stop=" + Errno.EIO.rc(), "commit=" + Errno.EIO.rc());
    }

    /** Attachments: "hooks and callbacks read it"; a missing key is null. */
    @Test
    void attachmentsAreVisibleToHooksAndCallbacks() throws Exception {
        TxnKey<Long> transno = new TxnKey<>("transno");
        TxnKey<String> client = new TxnKey<>("client");
        List<String> seen = events();
        Hooks hooks = new Hooks();
        hooks.onStart = th -> seen.add("start client=" + th.attachment(client));
        hooks.onStop = th -> th.attach(transno, 42L);
        try (TxnHooks.Registration _ = device.addTxnHooks(hooks)) {
            Transaction th = device.transCreate();
            assertThat(th.attachment(transno)).isNull();
            th.attach(client, "c1");
            th.start();
            th.addCommitCallback((t, rc) -> seen.add("commit transno=" + t.attachment(transno)));
            th.stop();
            assertThat(th.attachment(client)).isEqualTo("c1");
        }
        device.sync();
        assertThat(seen).containsExactly("start client=c1", "commit transno=42");
    }

    /** "Ordering: if T1 started before T2, T2 committed implies T1 committed." */
    @Test
    void laterTransactionDoesNotCommitBeforeAnEarlierOne() throws Exception {
        List<String> commits = events();
        CountDownLatch t1Started = new CountDownLatch(1);
        CountDownLatch releaseT1 = new CountDownLatch(1);
        Future<Void> first = pool(1).submit(() -> {
            try (Transaction t1 = device.transCreate()) {
                t1.start();
                t1.addCommitCallback((t, rc) -> commits.add("T1"));
                t1Started.countDown();
                assertThat(releaseT1.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
            }
            return null;
        });
        assertThat(t1Started.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
        try (Transaction t2 = device.transCreate()) {
            t2.start();
            t2.addCommitCallback((t, rc) -> commits.add("T2"));
        }
        List<String> beforeT1Stopped = List.copyOf(commits);
        releaseT1.countDown();
        await(first);
        device.sync();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (commits.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(beforeT1Stopped).as("commits while T1 was open").doesNotContain("T2");
        assertThat(commits).containsExactly("T1", "T2");
    }

    /** Several hooks all run, each once, for start and for stop. */
    @Test
    void everyRegisteredHookRuns() throws Exception {
        Hooks one = new Hooks();
        Hooks two = new Hooks();
        try (TxnHooks.Registration _ = device.addTxnHooks(one); TxnHooks.Registration _ = device.addTxnHooks(two)) {
            tx().run();
        }
        assertThat(one.events).containsExactly("start:CREATED", "stop:STARTED");
        assertThat(two.events).containsExactly("start:CREATED", "stop:STARTED");
    }

    /** Directory updates are declared as INSERT and DELETE of the directory's FID. */
    @Test
    void indexUpdatesDeclareTheIndexObject() throws Exception {
        OsdObject d = createDir();
        DirectoryIndex dir = dir(d);
        try (Transaction th = device.transCreate()) {
            dir.declareInsert("a", th);
            dir.declareDelete("b", th);
            assertThat(th.declares()).containsExactly(new Declare(UpdateType.INSERT, d.fid()),
                    new Declare(UpdateType.DELETE, d.fid()));
            th.start();
            dir.insert("a", newFid(), FileMode.S_IFREG, th);
        }
        assertThat(dir.lookup("a")).isPresent();
    }
}
