package org.jlustre.lnet;

import java.lang.foreign.MemorySegment;
import java.util.Objects;
import org.jlustre.wire.lnet.LnetWireHandle;

/**
 * An LNet memory descriptor ({@code struct lnet_md}): a region of memory that takes PUTs or
 * answers GETs when attached to a match entry, or that a PUT or GET of ours sends from or
 * receives into when bound. Built with {@link #builder}, made live by {@link Lnet#attach} or
 * {@link Lnet#bind}; LNet reports everything that happens to it to its {@link EventHandler}.
 *
 * <p>Use counting follows lib-md.c: every operation takes one from the threshold
 * ({@link MdOptions#THRESH_INF} never runs out); with {@link MdOptions#MAX_SIZE} the MD is also
 * exhausted when less than {@code maxSize} bytes are left. An exhausted MD is unlinked once its
 * operations in progress finish, and the event of the last one says {@code unlinked}.
 */
public final class MemoryDescriptor {

    private final MemorySegment segment;
    private final int options;
    private final int maxSize;
    private final EventHandler handler;
    private final Object user;

    // state below is guarded by the owning Lnet's resource lock
    long cookie;
    Lnet owner;
    MatchEntry me;
    int threshold;
    long localOffset;
    int pending;
    boolean unlinkRequested;
    boolean unlinked;
    boolean addressable;

    private MemoryDescriptor(Builder b) {
        this.segment = b.segment;
        this.options = b.options;
        this.maxSize = b.maxSize;
        this.handler = b.handler;
        this.user = b.user;
        this.threshold = b.threshold;
    }

    /** A builder for an MD over {@code segment}. */
    public static Builder builder(MemorySegment segment) {
        return new Builder(segment);
    }

    /** The memory. */
    public MemorySegment segment() {
        return segment;
    }

    /** Its length ({@code md_length}). */
    public long length() {
        return segment.byteSize();
    }

    /** The {@link MdOptions} bits. */
    public int options() {
        return options;
    }

    /** The per-message limit with {@link MdOptions#MAX_SIZE}. */
    public int maxSize() {
        return maxSize;
    }

    /** The owner's object ({@code user_ptr}). */
    public Object user() {
        return user;
    }

    EventHandler handler() {
        return handler;
    }

    /** Whether the MD is gone (unlinked or exhausted and done). */
    public boolean isUnlinked() {
        Lnet l = owner;
        if (l == null) {
            return false;
        }
        synchronized (l.resLock) {
            return unlinked;
        }
    }

    /** The wire handle a peer addresses this MD with. */
    LnetWireHandle wireHandle() {
        return new LnetWireHandle(owner.interfaceCookie, cookie);
    }

    boolean has(int option) {
        return (options & option) != 0;
    }

    /** Whether this MD can take no more operations (lnet_md_exhausted); caller holds the lock. */
    boolean exhausted() {
        if (threshold == 0) {
            return true;
        }
        return has(MdOptions.MAX_SIZE) && segment.byteSize() - localOffset < maxSize;
    }

    @Override
    public String toString() {
        return "md 0x" + Long.toHexString(cookie) + " [" + segment.byteSize() + " bytes, options 0x"
                + Integer.toHexString(options) + "]";
    }

    /** Describes an MD. */
    public static final class Builder {
        private final MemorySegment segment;
        private int options;
        private int threshold = MdOptions.THRESH_INF;
        private int maxSize;
        private EventHandler handler = ev -> { };
        private Object user;

        private Builder(MemorySegment segment) {
            this.segment = Objects.requireNonNull(segment, "segment");
        }

        /** {@link MdOptions} bits. */
        public Builder options(int options) {
            this.options = options;
            return this;
        }

        /** How many operations the MD takes before it is exhausted. */
        public Builder threshold(int threshold) {
            if (threshold < 0 && threshold != MdOptions.THRESH_INF) {
                throw new IllegalArgumentException("threshold " + threshold);
            }
            this.threshold = threshold;
            return this;
        }

        /** The per-message limit, with {@link MdOptions#MAX_SIZE}. */
        public Builder maxSize(int maxSize) {
            if (maxSize <= 0) {
                throw new IllegalArgumentException("max size " + maxSize);
            }
            this.maxSize = maxSize;
            this.options |= MdOptions.MAX_SIZE;
            return this;
        }

        /** Where events go. */
        public Builder handler(EventHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** The owner's object, handed back in events. */
        public Builder user(Object user) {
            this.user = user;
            return this;
        }

        MemoryDescriptor build() {
            if (segment.byteSize() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("MD of " + segment.byteSize() + " bytes");
            }
            return new MemoryDescriptor(this);
        }
    }
}
