package org.jlustre.target;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.jlustre.common.Errno;
import org.jlustre.common.LustreException;
import org.jlustre.osd.Body;
import org.jlustre.osd.OsdDevice;
import org.jlustre.osd.OsdObject;
import org.jlustre.osd.Transaction;
import org.jlustre.wire.target.ReplyData;
import org.jlustre.wire.target.ReplyDataHeader;

/**
 * A target's {@code reply_data} as {@code tgt_reply_data_init} (lustre/target/tgt_lastrcvd.c)
 * finds it at mount: created with its header when new, its header checked when not, and its
 * slots read. The 2.15 (v1) format: a 32-byte {@link ReplyDataHeader}, then 32-byte
 * {@link ReplyData} slots, each tied to a client by {@code lrd_client_gen} =
 * {@code lcd_generation}. Writing slots (one per saved reply of a MULTI_RPCS client) belongs
 * to the MDT's reply reconstruction.
 *
 * @param header the header as read or written
 * @param slots every whole slot in the file, in order (slot {@code i} at {@link ReplyData#offsetOf})
 */
public record ReplyDataFile(ReplyDataHeader header, List<ReplyData> slots) {

    /** Copies the slots. */
    public ReplyDataFile {
        slots = List.copyOf(slots);
    }

    /**
     * Opens reply_data on {@code dev} ({@code [0x200000001:0x15:0x0]}, named {@code reply_data}
     * in the OSD root), writing the header when the file is new.
     *
     * @throws LustreException EINVAL naming the bad magic or size of an existing header, or a
     *     file shorter than its header; what the OSD reports
     */
    public static ReplyDataFile open(OsdDevice dev) throws LustreException {
        try (OsdObject o = LocalObjects.findOrCreate(dev, TargetObjects.REPLY_DATA_FID, TargetObjects.REPLY_DATA)) {
            Body body = o.body();
            long size = o.attrGet().size();
            if (size == 0) {
                ReplyDataHeader h = ReplyDataHeader.current();
                try (Transaction th = dev.transCreate()) {
                    body.declareWrite(0, ReplyDataHeader.SIZE, th);
                    th.startLocal();
                    body.writeRecord(0, MemorySegment.ofArray(h.encode()), th);
                }
                return new ReplyDataFile(h, List.of());
            }
            if (size < ReplyDataHeader.SIZE) {
                throw new LustreException(Errno.EINVAL, "reply_data on " + dev.name() + " is damaged: " + size
                        + " bytes, shorter than its " + ReplyDataHeader.SIZE + "-byte header");
            }
            byte[] hb = new byte[ReplyDataHeader.SIZE];
            body.readRecord(0, MemorySegment.ofArray(hb));
            ReplyDataHeader h = ReplyDataHeader.decode(MemorySegment.ofArray(hb), 0);
            if (!h.isValid()) {
                throw new LustreException(Errno.EINVAL, String.format("reply_data on %s: invalid header: "
                        + "lrh_magic=%#x lrh_header_size=%d lrh_reply_size=%d (expected %#x, %d, %d)", dev.name(),
                        h.magic(), h.headerSize(), h.replySize(), ReplyDataHeader.MAGIC, ReplyDataHeader.SIZE,
                        ReplyData.SIZE));
            }
            List<ReplyData> slots = new ArrayList<>();
            byte[] sb = new byte[ReplyData.SIZE];
            MemorySegment seg = MemorySegment.ofArray(sb);
            for (int i = 0; ReplyData.offsetOf(i) + ReplyData.SIZE <= size; i++) {
                body.readRecord(ReplyData.offsetOf(i), seg);
                slots.add(ReplyData.decode(seg, 0));
            }
            return new ReplyDataFile(h, slots);
        }
    }

    /** The slots of the client of generation {@code generation}. */
    public List<ReplyData> slotsOf(int generation) {
        return slots.stream().filter(r -> r.clientGeneration() == generation).toList();
    }
}
