package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;

/**
 * {@code struct llog_catid} (32 bytes, packed): one slot of the CATALOGS file, the id of a
 * catalog ({@code llog_osd_get_cat_list}; reference 4.9).
 *
 * <pre>
 *  0  20  lci_logid
 * 20   4  lci_padding1
 * 24   4  lci_padding2
 * 28   4  lci_padding3
 * </pre>
 *
 * @param logid {@code lci_logid}
 */
public record LlogCatid(LlogLogid logid) {

    /** {@code sizeof(struct llog_catid)}. */
    public static final int SIZE = 32;
    /** Offset of {@code lci_logid}. */
    public static final int OFF_LOGID = 0;
    /** Offset of {@code lci_padding1}. */
    public static final int OFF_PADDING1 = 20;
    /** Offset of {@code lci_padding2}. */
    public static final int OFF_PADDING2 = 24;
    /** Offset of {@code lci_padding3}. */
    public static final int OFF_PADDING3 = 28;

    /** Writes the 32 bytes at {@code offset}, paddings zeroed. */
    public void write(MemorySegment dst, long offset) {
        dst.asSlice(offset, SIZE).fill((byte) 0);
        logid.write(dst, offset + OFF_LOGID);
    }

    /** Reads 32 bytes at {@code offset}. */
    public static LlogCatid read(MemorySegment src, long offset) {
        return new LlogCatid(LlogLogid.read(src, offset + OFF_LOGID));
    }
}
