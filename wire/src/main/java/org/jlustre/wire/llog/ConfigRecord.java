package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;

/**
 * A configuration record ({@link LlogRecType#OBD_CFG_REC}): a record header, a
 * {@link LustreCfg}, its padding to 8 and the tail, as the MGS writes every line of a
 * configuration log ({@code record_lcfg} in lustre/mgs/mgs_llog.c: {@code lrh_len =
 * llog_data_len(lustre_cfg_len(...))}).
 *
 * @param id {@code lrh_id}, 0 as the MGS writes it
 * @param cfg the command
 */
public record ConfigRecord(int id, LustreCfg cfg) implements LlogRecord {

    /** A record for {@code cfg} with {@code lrh_id} 0. */
    public static ConfigRecord of(LustreCfg cfg) {
        return new ConfigRecord(0, cfg);
    }

    @Override
    public int type() {
        return LlogRecType.OBD_CFG_REC;
    }

    @Override
    public int length() {
        return RecordCodec.recordLength(cfg.length());
    }

    @Override
    public void writeBody(MemorySegment dst, long offset) {
        dst.asSlice(offset, length() - RecordCodec.OVERHEAD).fill((byte) 0);
        cfg.encode(dst, offset);
    }

    /** The marker an {@link LcfgCommand#MARKER} command carries in buffer 1, or null for other commands. */
    public CfgMarker marker() {
        if (cfg.command() != LcfgCommand.MARKER.value() || cfg.bufcount() < 2) {
            return null;
        }
        return CfgMarker.decode(MemorySegment.ofArray(cfg.buffer(1)));
    }

    /**
     * Decodes one whole record.
     *
     * @throws IllegalArgumentException for a record that is not a configuration record or whose
     *     {@link LustreCfg} is malformed
     */
    public static ConfigRecord decode(MemorySegment rec) {
        LlogRecordHeader h = RecordCodec.header(rec, LlogRecType.OBD_CFG_REC, "config record",
                RecordCodec.OVERHEAD + LustreCfg.OFF_BUFLENS);
        return new ConfigRecord(h.id(), LustreCfg.decode(rec.asSlice(LlogRecordHeader.SIZE,
                h.len() - RecordCodec.OVERHEAD)));
    }
}
