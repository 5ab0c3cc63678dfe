package org.jlustre.lnet;

import java.lang.foreign.MemorySegment;

/**
 * {@code struct lnet_event}: what LNet tells an MD's owner about an operation on it.
 *
 * @param type what happened
 * @param initiator who started the operation (the sender of a PUT or GET; ourselves for SEND,
 *        ACK and REPLY)
 * @param target the other end
 * @param portal the portal index
 * @param matchBits the match bits
 * @param rlength the length the initiator asked for
 * @param mlength the length that matched (was moved)
 * @param offset where in the MD the data went or came from
 * @param md the memory descriptor
 * @param hdrData a PUT's {@code hdr_data}
 * @param status 0 or a negative errno
 * @param unlinked whether the MD was unlinked with this event (its last)
 */
public record LnetEvent(Type type, ProcessId initiator, ProcessId target, int portal, long matchBits, int rlength,
        int mlength, int offset, MemoryDescriptor md, long hdrData, int status, boolean unlinked) {

    /** {@code enum lnet_event_kind}, with Lustre's numbers. */
    public enum Type {
        /** A GET was served from the MD ({@code LNET_EVENT_GET} 1). */
        GET(1),
        /** A PUT landed in the MD ({@code LNET_EVENT_PUT} 2). */
        PUT(2),
        /** The REPLY to our GET landed in the MD ({@code LNET_EVENT_REPLY} 3). */
        REPLY(3),
        /** The ACK of our PUT arrived ({@code LNET_EVENT_ACK} 4). */
        ACK(4),
        /** Our PUT or GET left, or failed to ({@code LNET_EVENT_SEND} 5). */
        SEND(5),
        /** The MD was unlinked with nothing else to report ({@code LNET_EVENT_UNLINK} 6). */
        UNLINK(6);

        private final int value;

        Type(int value) {
            this.value = value;
        }

        /** Lustre's number. */
        public int value() {
            return value;
        }
    }

    /** The bytes this event moved: {@code mlength} bytes of the MD from {@code offset}, no copy. */
    public Kiov kiov() {
        return md.kiov().slice(offset, mlength);
    }

    /**
     * The bytes this event moved, in an MD over one segment (request and reply buffers).
     *
     * @throws IllegalStateException when they span several fragments ({@link #kiov} then)
     */
    public MemorySegment data() {
        Kiov k = kiov();
        return switch (k.count()) {
            case 0 -> MemorySegment.NULL;
            case 1 -> k.fragment(0);
            default -> throw new IllegalStateException(type + " event of " + mlength + " bytes spans " + k.count()
                    + " fragments of " + md + "; use kiov()");
        };
    }
}
