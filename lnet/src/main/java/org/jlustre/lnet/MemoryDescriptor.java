package org.jlustre.lnet;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Objects;
import org.jlustre.wire.lnet.LnetWireHandle;

/**
 * An LNet memory descriptor ({@code struct lnet_md}): memory that takes PUTs or answers GETs
 * when attached to a match entry, or that a PUT or GET of ours sends from or receives into when
 * bound. The memory is one segment or a list of fragments (a {@link Kiov}, as Lustre's
 * {@code LNET_MD_KIOV} MDs over pages); offsets and lengths count bytes across the fragments. Built with {@link #builder}, made live by {@link Lnet#attach} or
 * {@link Lnet#bind}; LNet reports everything that happens to it to its {@link EventHandler}.
 *
 * <p>Use counting follows lib-md.c: every operation takes one from the threshold
 * ({@link MdOptions#THRESH_INF} never runs out); with {@link MdOptions#MAX_SIZE} the MD is also
 * exhausted when less than {@code maxSize} bytes are left. An exhausted MD is unlinked once its
 * operations in progress finish, and the event of the last one says {@code unlinked}.
 */
public final class MemoryDescriptor {

    private final Kiov kiov;
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
        this.kiov = b.kiov;
        this.options = b.options;
        this.maxSize = b.maxSize;
        this.handler = b.handler;
        this.user = b.user;
        this.threshold = b.threshold;
    }

    /** A builder for an MD over {@code segment}. */
    public static Builder builder(MemorySegment segment) {
        return new Builder(Kiov.of(Objects.requireNonNull(segment, "segment")));
    }

    /** A builder for an MD over these fragments, in order (a kiov MD). */
    public static Builder builder(List<MemorySegment> fragments) {
        return new Builder(Kiov.of(fragments));
    }

    /** A builder for an MD over a kiov. */
    public static Builder builder(Kiov kiov) {
        return new Builder(Objects.requireNonNull(kiov, "kiov"));
    }

    /** The memory. */
    public Kiov kiov() {
        return kiov;
    }

    /**
     * The memory of an MD over one segment (request and reply buffers).
     *
     * @throws IllegalStateException for an MD over several fragments
     */
    public MemorySegment segment() {
        return switch (kiov.count()) {
            case 0 -> MemorySegment.NULL;
            case 1 -> kiov.fragment(0);
            default -> throw new IllegalStateException(this + " has " + kiov.count() + " fragments, not one segment");
        };
    }

    /** Its length in bytes ({@code md_length} of a plain MD, the fragments' total of a kiov one). */
    public long length() {
        return kiov.length();
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
        return has(MdOptions.MAX_SIZE) && kiov.length() - localOffset < maxSize;
    }

    @Override
    public String toString() {
        return "md 0x" + Long.toHexString(cookie) + " [" + kiov.length() + " bytes"
                + (kiov.count() > 1 ? " in " + kiov.count() + " fragments" : "") + ", options 0x"
                + Integer.toHexString(options) + "]";
    }

    /** Describes an MD. */
    public static final class Builder {
        private final Kiov kiov;
        private int options;
        private int threshold = MdOptions.THRESH_INF;
        private int maxSize;
        private EventHandler handler = ev -> { };
        private Object user;

        private Builder(Kiov kiov) {
            this.kiov = kiov;
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
            if (kiov.length() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("MD of " + kiov.length() + " bytes");
            }
            return new MemoryDescriptor(this);
        }
    }
}
