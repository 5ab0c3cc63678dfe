package org.jlustre.fid;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jlustre.common.Errno;
import org.jlustre.common.Fid;
import org.jlustre.common.LustreException;
import org.jlustre.ptlrpc.Import;
import org.jlustre.ptlrpc.ImportState;
import org.jlustre.wire.fid.LuSeqRange;
import org.jlustre.wire.fid.SeqQuery;

/**
 * A sequence client ({@code struct lu_client_seq}, lustre/fid/fid_request.c): hands out FIDs
 * from the sequences a sequence server grants, one sequence per SEQ_QUERY ALLOC_META. A
 * metadata client gives oids 1..0x20000 of each sequence, then takes the next
 * ({@code seq_client_alloc_fid}); {@link #allocSeq()} takes a whole sequence for the caller
 * ({@code seq_client_get_seq}, as an OSP does for its precreates).
 *
 * <p>Remote ({@link #remote}): over an import to the target (an MDC's to its MDT, an OSP's to
 * its OST), SEQ_QUERY to portal 30 (metadata) or 31 (data); while the server answers
 * EINPROGRESS or EAGAIN (it has no super-sequence from MDT0 yet) it asks again with backoff,
 * up to its retry limit. Local ({@link #local}): straight from a {@link SeqServer} on the same
 * target.
 *
 * <p>Thread-safe: one lock ({@code lcs_mutex}) serialises allocations, held during the RPC;
 * every wait for it or for the server is bounded.
 */
public final class SeqClient {

    /** How long a remote client keeps asking a server that answers EINPROGRESS or EAGAIN. */
    public static final Duration DEFAULT_RETRY_LIMIT = Duration.ofSeconds(100);
    /** The longest pause between two such attempts ({@code ssleep(2)} in Lustre). */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    /** {@code lcs_name}: "cli-" and the prefix. */
    private final String name;
    /** Metadata or data. */
    private final SeqType type;
    /** The import, or null for a local client. */
    private final Import imp;
    /** The server, or null for a remote client. */
    private final SeqServer server;
    /** How long to keep asking a server that is not ready. */
    private final Duration retryLimit;
    /** {@code lcs_mutex}. */
    private final ReentrantLock lock = new ReentrantLock();
    /** {@code lcs_space}: granted sequences not yet used. Guarded by lock. */
    private LuSeqRange space = LuSeqRange.ZERO;
    /** {@code lcs_fid}: the last FID handed out, or zero. Guarded by lock. */
    private Fid current = Fid.ZERO;

    private SeqClient(String name, SeqType type, Import imp, SeqServer server, Duration retryLimit) {
        this.name = "cli-" + Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.imp = imp;
        this.server = server;
        if (retryLimit.isNegative()) {
            throw new IllegalArgumentException("retry limit " + retryLimit + " is negative");
        }
        this.retryLimit = retryLimit;
    }

    /** A client asking the server behind {@code imp} (connected or not yet) for {@code type} sequences. */
    public static SeqClient remote(Import imp, String name, SeqType type) {
        return remote(imp, name, type, DEFAULT_RETRY_LIMIT);
    }

    /** {@link #remote(Import, String, SeqType)} with another limit for asking a server that is not ready. */
    public static SeqClient remote(Import imp, String name, SeqType type, Duration retryLimit) {
        return new SeqClient(name, type, Objects.requireNonNull(imp, "imp"), null, retryLimit);
    }

    /** A metadata client taking sequences from {@code server} on the same target. */
    public static SeqClient local(SeqServer server) {
        return local(server, server.name().substring("srv-".length()), SeqType.METADATA);
    }

    /** A client of {@code type} named {@code name} taking sequences from {@code server}. */
    public static SeqClient local(SeqServer server, String name, SeqType type) {
        return new SeqClient(name, type, null, Objects.requireNonNull(server, "server"), Duration.ZERO);
    }

    /**
     * The super-sequence source of a sequence server on a target other than MDT0: SEQ_QUERY
     * ALLOC_SUPER over {@code imp} (an import to MDT0) to its controller portal 32, naming the
     * server's index and kind. A data-type asker (an OST) does not resend. While the import is
     * not connected it starts connecting it and answers EINPROGRESS at once, which a remote
     * client of that server retries (a local one sees it).
     */
    public static SuperSequenceSource controller(Import imp, String name, SeqType type) {
        Objects.requireNonNull(imp, "imp");
        String n = "cli-" + name;
        return new SuperSequenceSource() {
            @Override
            public LuSeqRange allocSuper(int index, int flags) throws LustreException {
                if (imp.state() != ImportState.FULL) {
                    // seq_client_alloc_super without lcs_exp: the asker's clients try again later,
                    // rather than this server waiting for the connection with its lock held;
                    // the import is asked to connect (a connect in progress goes on)
                    imp.connect();
                    throw new LustreException(Errno.EINPROGRESS, n + ": Waiting to contact "
                            + imp.config().targetUuid().value() + " (" + imp.state() + ") to allocate super-sequence");
                }
                return SeqRpc.query(imp, n, type, SeqQuery.ALLOC_SUPER, index);
            }

            @Override
            public String describe() {
                return imp.config().targetUuid().value();
            }
        };
    }

    /**
     * The next FID: the next oid of the current sequence, or oid 1 of a new one when there is
     * none or its oids up to the type's width are used.
     *
     * @throws LustreException what getting a sequence failed with (see {@link #allocSeq()})
     */
    public Fid allocFid() throws LustreException {
        lockBounded();
        try {
            if (!current.isZero() && current.oidUnsigned() < type.width()) {
                current = Fid.of(current.seq(), current.oidUnsigned() + 1);
            } else {
                current = Fid.of(nextSeq(), Fid.INIT_OID);
            }
            return current;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A whole sequence for the caller; the next {@link #allocFid()} starts another one.
     *
     * @throws LustreException the server's error (ENOSPC, EROFS, ...); EINVAL for a bad grant;
     *     ETIMEDOUT when the server stayed not ready past the retry limit, or another
     *     allocation held the lock too long; EINTR
     */
    public long allocSeq() throws LustreException {
        lockBounded();
        try {
            long seq = nextSeq();
            current = Fid.of(seq, type.width());
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /** {@code seq_client_alloc_seq}: the next granted sequence, asking for more when none is left. Lock held. */
    private long nextSeq() throws LustreException {
        if (space.isExhausted()) {
            space = server != null ? server.allocMeta(space.index(), type.rangeFlags()) : allocMetaRemote();
        }
        long seq = space.start();
        space = space.withBounds(seq + 1, space.end());
        return seq;
    }

    /** {@code seq_client_alloc_meta}: ALLOC_META, again with backoff while the server is not ready. */
    private LuSeqRange allocMetaRemote() throws LustreException {
        long deadline = System.nanoTime() + retryLimit.toNanos();
        long pauseMs = 50;
        while (true) {
            try {
                return SeqRpc.query(imp, name, type, SeqQuery.ALLOC_META, space.index());
            } catch (LustreException e) {
                if (e.errno() != Errno.EINPROGRESS && e.errno() != Errno.EAGAIN) {
                    throw e;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new LustreException(Errno.ETIMEDOUT, name + ": the sequence server was not ready for "
                            + retryLimit.toMillis() + " ms: " + e.getMessage(), e);
                }
                sleep(Math.min(pauseMs, TimeUnit.NANOSECONDS.toMillis(left) + 1));
                pauseMs = Math.min(pauseMs * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    private void sleep(long ms) throws LustreException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LustreException(Errno.EINTR, name + ": interrupted waiting for the sequence server");
        }
    }

    /** Waits for the lock at most as long as an allocation in progress may take. */
    private void lockBounded() throws LustreException {
        Duration limit = retryLimit.plus(SeqServer.LOCK_WAIT);
        try {
            if (!lock.tryLock(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new LustreException(Errno.ETIMEDOUT, name + ": another allocation held the lock for "
                        + limit.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LustreException(Errno.EINTR, name + ": interrupted waiting for the sequence lock");
        }
    }

    /**
     * Forgets the granted sequences and the current FID ({@code seq_client_flush}), as a client
     * does when its target is evicted: the next allocation asks for a new sequence.
     */
    public void flush() throws LustreException {
        lockBounded();
        try {
            space = LuSeqRange.ZERO;
            current = Fid.ZERO;
        } finally {
            lock.unlock();
        }
    }

    /** The granted sequences not yet used. */
    public LuSeqRange space() throws LustreException {
        lockBounded();
        try {
            return space;
        } finally {
            lock.unlock();
        }
    }

    /** {@code lcs_name}: "cli-" and the name given. */
    public String name() {
        return name;
    }

    /** Metadata or data. */
    public SeqType type() {
        return type;
    }
}
