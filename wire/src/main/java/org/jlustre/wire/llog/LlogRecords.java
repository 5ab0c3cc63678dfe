package org.jlustre.wire.llog;

import java.lang.foreign.MemorySegment;

/** Decoding any llog record by its {@code lrh_type}. */
public final class LlogRecords {

    private LlogRecords() {
    }

    /**
     * Decodes the one whole record {@code record} holds (header to tail, {@code lrh_len} bytes)
     * into the type its {@code lrh_type} names: a setattr record longer than 64 bytes is the v2
     * form, as {@code llog_reader}'s {@code print_records} decides; an unknown type is an
     * {@link UnknownRecord}.
     *
     * @throws IllegalArgumentException when the bytes do not hold their type's layout, or hold
     *     the header record ({@link LlogHeader} reads that one)
     */
    public static LlogRecord decode(MemorySegment record) {
        if (record.byteSize() < LlogRecordHeader.SIZE) {
            throw new IllegalArgumentException("llog record: " + record.byteSize() + " bytes cannot hold a header");
        }
        LlogRecordHeader h = LlogRecordHeader.read(record, 0);
        return switch (h.type()) {
            case LlogRecType.LLOG_PAD_MAGIC -> PadRecord.decode(record);
            case LlogRecType.OBD_CFG_REC -> ConfigRecord.decode(record);
            case LlogRecType.LLOG_LOGID_MAGIC -> LogidRecord.decode(record);
            case LlogRecType.MDS_UNLINK_REC -> UnlinkRecord.decode(record);
            case LlogRecType.MDS_UNLINK64_REC -> Unlink64Record.decode(record);
            case LlogRecType.MDS_SETATTR64_REC -> Integer.compareUnsigned(h.len(), Setattr64Record.SIZE) > 0
                    ? Setattr64V2Record.decode(record) : Setattr64Record.decode(record);
            case LlogRecType.OST_SZ_REC -> SizeChangeRecord.decode(record);
            case LlogRecType.CHANGELOG_REC -> ChangelogRecord.decode(record);
            case LlogRecType.CHANGELOG_USER_REC -> ChangelogUserRecord.decode(record);
            case LlogRecType.CHANGELOG_USER_REC2 -> ChangelogUserRecord2.decode(record);
            case LlogRecType.LLOG_GEN_REC -> GenRecord.decode(record);
            case LlogRecType.HSM_AGENT_REC -> AgentRequestRecord.decode(record);
            case LlogRecType.UPDATE_REC -> UpdateRecord.decode(record);
            case LlogRecType.LLOG_HDR_MAGIC -> throw new IllegalArgumentException(
                    "llog record: type LLOG_HDR_MAGIC is the log header, read with LlogHeader");
            default -> UnknownRecord.decode(record);
        };
    }
}
