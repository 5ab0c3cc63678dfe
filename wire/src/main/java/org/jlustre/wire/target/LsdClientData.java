package org.jlustre.wire.target;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import org.jlustre.wire.Le;

/**
 * {@code struct lsd_client_data} (128 bytes; lustre_disk.h, reference-targets 2.3): one
 * client's slot in {@code last_rcvd}, slot {@code i} at {@code lsd_client_start + i *
 * lsd_client_size}. A slot whose first UUID byte is NUL is free ({@code tgt_client_del} zeroes
 * only the UUID, so a free slot may still hold the old numbers).
 *
 * <pre>
 *    0   40  lcd_uuid               client UUID
 *   40    8  lcd_last_transno
 *   48    8  lcd_last_xid
 *   56    4  lcd_last_result
 *   60    4  lcd_last_data          per-op data (open disposition ...)
 *   64    8  lcd_last_close_transno MDS_CLOSE's own record
 *   72    8  lcd_last_close_xid
 *   80    4  lcd_last_close_result
 *   84    4  lcd_last_close_data
 *   88   32  lcd_pre_versions[4]    VBR
 *  120    4  lcd_last_epoch
 *  124    4  lcd_generation         ties reply_data slots to this client
 * </pre>
 *
 * @param uuid the client's UUID; empty for a free slot
 * @param lastTransno the transno of its last recorded update
 * @param lastXid that request's xid
 * @param lastResult that request's result
 * @param lastData per-operation data
 * @param lastCloseTransno the transno of its last MDS_CLOSE
 * @param lastCloseXid that close's xid
 * @param lastCloseResult that close's result
 * @param lastCloseData that close's data
 * @param preVersions VBR pre-versions, 4 values
 * @param lastEpoch VBR epoch
 * @param generation the client generation (MULTI_RPCS), 0 otherwise
 */
public record LsdClientData(String uuid, long lastTransno, long lastXid, int lastResult, int lastData,
        long lastCloseTransno, long lastCloseXid, int lastCloseResult, int lastCloseData, long[] preVersions,
        int lastEpoch, int generation) {

    /** {@code LR_CLIENT_SIZE}. */
    public static final int SIZE = 128;
    /** Size of {@code lcd_uuid}. */
    public static final int UUID_SIZE = 40;
    /** Number of {@code lcd_pre_versions}. */
    public static final int PRE_VERSIONS = 4;

    /** Offset of {@code lcd_uuid}. */
    public static final int OFF_UUID = 0;
    /** Offset of {@code lcd_last_transno}. */
    public static final int OFF_LAST_TRANSNO = 40;
    /** Offset of {@code lcd_last_xid}. */
    public static final int OFF_LAST_XID = 48;
    /** Offset of {@code lcd_last_result}. */
    public static final int OFF_LAST_RESULT = 56;
    /** Offset of {@code lcd_last_data}. */
    public static final int OFF_LAST_DATA = 60;
    /** Offset of {@code lcd_last_close_transno}. */
    public static final int OFF_LAST_CLOSE_TRANSNO = 64;
    /** Offset of {@code lcd_last_close_xid}. */
    public static final int OFF_LAST_CLOSE_XID = 72;
    /** Offset of {@code lcd_last_close_result}. */
    public static final int OFF_LAST_CLOSE_RESULT = 80;
    /** Offset of {@code lcd_last_close_data}. */
    public static final int OFF_LAST_CLOSE_DATA = 84;
    /** Offset of {@code lcd_pre_versions}. */
    public static final int OFF_PRE_VERSIONS = 88;
    /** Offset of {@code lcd_last_epoch}. */
    public static final int OFF_LAST_EPOCH = 120;
    /** Offset of {@code lcd_generation}. */
    public static final int OFF_GENERATION = 124;

    /** Copies the versions and checks their count. */
    public LsdClientData {
        preVersions = preVersions.clone();
        if (preVersions.length != PRE_VERSIONS) {
            throw new IllegalArgumentException("lcd_pre_versions has " + preVersions.length + " values, not "
                    + PRE_VERSIONS);
        }
    }

    /** A new client's slot ({@code tgt_client_new}): its UUID and generation, nothing recorded yet. */
    public static LsdClientData fresh(String uuid, int generation) {
        return new LsdClientData(uuid, 0, 0, 0, 0, 0, 0, 0, 0, new long[PRE_VERSIONS], 0, generation);
    }

    /** Whether the slot is free (its UUID empty). */
    public boolean isFree() {
        return uuid.isEmpty();
    }

    /** The VBR pre-versions (a copy). */
    @Override
    public long[] preVersions() {
        return preVersions.clone();
    }

    /** A copy recording a request's outcome ({@code tgt_last_rcvd_update} for a non-close request). */
    public LsdClientData withLast(long transno, long xid, int result, int data) {
        return new LsdClientData(uuid, transno, xid, result, data, lastCloseTransno, lastCloseXid, lastCloseResult,
                lastCloseData, preVersions, lastEpoch, generation);
    }

    /** A copy recording an MDS_CLOSE's outcome in the close fields. */
    public LsdClientData withLastClose(long transno, long xid, int result, int data) {
        return new LsdClientData(uuid, lastTransno, lastXid, lastResult, lastData, transno, xid, result, data,
                preVersions, lastEpoch, generation);
    }

    /** A copy with the UUID cleared, as {@code tgt_client_del} leaves a slot. */
    public LsdClientData freed() {
        return new LsdClientData("", lastTransno, lastXid, lastResult, lastData, lastCloseTransno, lastCloseXid,
                lastCloseResult, lastCloseData, preVersions, lastEpoch, generation);
    }

    /** The higher of the two transnos ({@code lcd_last_transno()} in tgt_lastrcvd.c). */
    public long maxTransno() {
        return Long.compareUnsigned(lastTransno, lastCloseTransno) >= 0 ? lastTransno : lastCloseTransno;
    }

    /** Writes the 128 bytes at {@code offset}. */
    public void encode(MemorySegment dst, long offset) {
        FixedChars.put(dst, offset + OFF_UUID, UUID_SIZE, uuid, "lcd_uuid");
        dst.set(Le.U64, offset + OFF_LAST_TRANSNO, lastTransno);
        dst.set(Le.U64, offset + OFF_LAST_XID, lastXid);
        dst.set(Le.U32, offset + OFF_LAST_RESULT, lastResult);
        dst.set(Le.U32, offset + OFF_LAST_DATA, lastData);
        dst.set(Le.U64, offset + OFF_LAST_CLOSE_TRANSNO, lastCloseTransno);
        dst.set(Le.U64, offset + OFF_LAST_CLOSE_XID, lastCloseXid);
        dst.set(Le.U32, offset + OFF_LAST_CLOSE_RESULT, lastCloseResult);
        dst.set(Le.U32, offset + OFF_LAST_CLOSE_DATA, lastCloseData);
        for (int i = 0; i < PRE_VERSIONS; i++) {
            dst.set(Le.U64, offset + OFF_PRE_VERSIONS + 8L * i, preVersions[i]);
        }
        dst.set(Le.U32, offset + OFF_LAST_EPOCH, lastEpoch);
        dst.set(Le.U32, offset + OFF_GENERATION, generation);
    }

    /** The 128 encoded bytes. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        encode(MemorySegment.ofArray(b), 0);
        return b;
    }

    /**
     * Reads the slot at {@code offset}; the UUID up to its first NUL or 40th byte.
     *
     * @throws IndexOutOfBoundsException when fewer than 128 bytes follow {@code offset}
     */
    public static LsdClientData decode(MemorySegment src, long offset) {
        if (src.byteSize() - offset < SIZE) {
            throw new IndexOutOfBoundsException("lsd_client_data needs " + SIZE + " bytes, "
                    + Math.max(0, src.byteSize() - offset) + " there");
        }
        long[] versions = new long[PRE_VERSIONS];
        for (int i = 0; i < PRE_VERSIONS; i++) {
            versions[i] = src.get(Le.U64, offset + OFF_PRE_VERSIONS + 8L * i);
        }
        return new LsdClientData(FixedChars.get(src, offset + OFF_UUID, UUID_SIZE),
                src.get(Le.U64, offset + OFF_LAST_TRANSNO), src.get(Le.U64, offset + OFF_LAST_XID),
                src.get(Le.U32, offset + OFF_LAST_RESULT), src.get(Le.U32, offset + OFF_LAST_DATA),
                src.get(Le.U64, offset + OFF_LAST_CLOSE_TRANSNO), src.get(Le.U64, offset + OFF_LAST_CLOSE_XID),
                src.get(Le.U32, offset + OFF_LAST_CLOSE_RESULT), src.get(Le.U32, offset + OFF_LAST_CLOSE_DATA),
                versions, src.get(Le.U32, offset + OFF_LAST_EPOCH), src.get(Le.U32, offset + OFF_GENERATION));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LsdClientData d && uuid.equals(d.uuid) && lastTransno == d.lastTransno
                && lastXid == d.lastXid && lastResult == d.lastResult && lastData == d.lastData
                && lastCloseTransno == d.lastCloseTransno && lastCloseXid == d.lastCloseXid
                && lastCloseResult == d.lastCloseResult && lastCloseData == d.lastCloseData
                && Arrays.equals(preVersions, d.preVersions) && lastEpoch == d.lastEpoch
                && generation == d.generation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(uuid, lastTransno, lastXid, generation);
    }

    @Override
    public String toString() {
        return "LsdClientData[uuid=" + uuid + ", lastTransno=" + lastTransno + ", lastXid=" + lastXid
                + ", lastResult=" + lastResult + ", lastData=" + lastData + ", generation=" + generation + "]";
    }
}
