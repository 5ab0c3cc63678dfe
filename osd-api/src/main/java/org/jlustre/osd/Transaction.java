package org.jlustre.osd;

import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;

/**
 * A transaction handle ({@code struct thandle}, dt_object.h; reference 2.7).
 *
 * <p>Lifecycle: {@link OsdDevice#transCreate()} -> declare every update that may happen (a
 * worst-case superset; declares may name objects that do not exist yet) -> {@link #start()}
 * -> execute only declared updates -> {@link #stop()} -> stop callbacks -> commit callbacks.
 * The handle is {@link AutoCloseable}: {@link #close()} stops it if it was not stopped, so
 * try-with-resources guarantees the stop Lustre requires after every create.
 *
 * <p>Rules every implementation enforces:
 * <ul>
 *   <li>Declares are accepted only before {@link #start()}; updates only between
 *       {@link #start()} and the end of {@link #stop()}'s hooks. Anything else is a caller bug
 *       and throws {@link IllegalStateException}.</li>
 *   <li>{@link #start()} runs once. On a read-only device it fails with {@link Errno#EROFS};
 *       when the declared updates cannot fit in the space left it may fail with
 *       {@link Errno#ENOSPC}; a start hook's exception fails it too (hooks after the failing
 *       one do not run). A failed start leaves the state {@link State#CREATED} and still needs
 *       {@link #stop()}, which then runs no stop hook and gives the callbacks the failure as
 *       result. Stopping a transaction that was never started is legal the same way.</li>
 *   <li>{@link #start()} calls every registered {@link TxnHooks#txnStart} and {@link #stop()}
 *       every {@link TxnHooks#txnStop}, unless the transaction is {@link #isLocal() local}
 *       ({@code dt_txn_hook_start}/{@code dt_txn_hook_stop}).</li>
 *   <li>{@link #stop()} runs, in order: the stop hooks, the stop callbacks
 *       ({@code DCB_TRANS_STOP}), then, once the transaction commits, the commit callbacks,
 *       each with the transaction's result (0 on success). Once commit callbacks ran, the
 *       transaction is never rolled back.</li>
 *   <li>Ordering: if T1 started before T2, T2 committed implies T1 committed. An OSD without
 *       durability (osd-mem) commits a transaction when it and every transaction started
 *       before it have stopped; its commit callbacks then run on the thread whose stop let it
 *       commit.</li>
 *   <li>A {@link #isSync() sync} transaction's stop returns only after it committed.</li>
 *   <li>There is no rollback after start: a caller that fails half-way undoes its own
 *       updates inside the same transaction, and reads inside the transaction see its own
 *       updates. One open (created and not yet stopped) transaction per thread, no nesting:
 *       a caller bug the OSD need not detect (the kit's asserting wrapper does).</li>
 * </ul>
 *
 * <p>A handle is used by one thread; callbacks may run on another.
 */
public interface Transaction extends AutoCloseable {

    /** Where a transaction is in its lifecycle. */
    enum State {
        /** Created; declares are accepted. */
        CREATED,
        /** Started; declared updates are accepted. */
        STARTED,
        /** Stopped (or its start failed and it was stopped); nothing is accepted. */
        STOPPED
    }

    /** The device the transaction runs on. */
    OsdDevice device();

    /** The current state. */
    State state();

    /**
     * Starts the transaction after all declares ({@code dt_trans_start}).
     *
     * @throws LustreException {@link Errno#EROFS} on a read-only device; {@link Errno#ENOSPC}
     *     if the declared space cannot be reserved; whatever a start hook throws
     * @throws IllegalStateException if already started or stopped
     */
    void start() throws LustreException;

    /** Marks the transaction local, then starts it ({@code dt_trans_start_local}). */
    default void startLocal() throws LustreException {
        setLocal(true);
        start();
    }

    /**
     * Stops the transaction ({@code dt_trans_stop}): stop hooks, stop callbacks, commit
     * callbacks. Always call it, also after a failed start.
     *
     * @throws LustreException what a stop hook threw (the callbacks still ran, with that
     *     error as their result)
     * @throws IllegalStateException if already stopped
     */
    void stop() throws LustreException;

    /** Stops the transaction unless it was already stopped. */
    @Override
    void close() throws LustreException;

    /** Whether {@link #stop()} waits for commit ({@code th_sync}). */
    boolean isSync();

    /** Sets {@code th_sync}; allowed until stop. */
    void setSync(boolean sync);

    /** Whether the transaction is local: no transno, no hooks ({@code th_local}). */
    boolean isLocal();

    /** Sets {@code th_local}; allowed before start. */
    void setLocal(boolean local);

    /** The last operation's result as the caller recorded it ({@code th_result}). */
    int result();

    /** Records a result ({@code th_result}); a non-zero result is passed to callbacks. */
    void setResult(int rc);

    /**
     * Registers a callback to run at commit ({@code dt_trans_cb_add}); allowed until the stop
     * callbacks run (hooks may add them).
     */
    void addCommitCallback(CommitCallback callback);

    /** Registers a callback to run at stop, before commit callbacks ({@code DCB_TRANS_STOP}). */
    void addStopCallback(CommitCallback callback);

    /** The updates declared so far, in declaration order. */
    List<Declare> declares();

    /** The value an upper layer attached under {@code key}, or null. */
    <T> T attachment(TxnKey<T> key);

    /** Attaches a value for the lifetime of the handle (hooks and callbacks read it). */
    <T> void attach(TxnKey<T> key, T value);
}
