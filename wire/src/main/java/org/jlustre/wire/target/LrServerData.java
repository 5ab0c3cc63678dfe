package org.jlustre.wire.target;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;
import org.jlustre.wire.Le;

/**
 * {@code struct lr_server_data} (512 bytes at offset 0 of {@code last_rcvd}; lustre_disk.h,
 * reference-targets 2.3): who the target is and the last transaction number it gave out.
 *
 * <pre>
 *    0   40  lsd_uuid               target UUID ("lustre-OST0000_UUID")
 *   40    8  lsd_last_transno
 *   48    8  lsd_compat14           reserved
 *   56    8  lsd_mount_count        +1 at every mount; also the obd instance
 *   64    4  lsd_feature_compat
 *   68    4  lsd_feature_rocompat
 *   72    4  lsd_feature_incompat
 *   76    4  lsd_server_size        512
 *   80    4  lsd_client_start       8192
 *   84    2  lsd_client_size        128
 *   86    2  lsd_subdir_count       32
 *   88    8  lsd_catalog_oid
 *   96    4  lsd_catalog_ogen
 *  100   40  lsd_peeruuid
 *  140    4  lsd_osd_index          target index, checked against the configuration
 *  144    4  lsd_padding1
 *  148    4  lsd_start_epoch        VBR
 *  152  128  lsd_trans_table[16]
 *  280    4  lsd_trans_table_time
 *  284    4  lsd_expire_intervals
 *  288  224  lsd_padding
 * </pre>
 *
 * @param uuid the target's UUID
 * @param lastTransno the last transaction number given out
 * @param compat14 reserved (old last_rcvd compatibility)
 * @param mountCount how many times the target was mounted
 * @param featureCompat {@link TargetFeatures} COMPAT bits
 * @param featureRocompat ROCOMPAT bits
 * @param featureIncompat INCOMPAT bits
 * @param serverSize the size of this header ({@link #SIZE})
 * @param clientStart where the client slots start ({@link #CLIENT_START})
 * @param clientSize the size of one slot ({@link LsdClientData#SIZE})
 * @param subdirCount object subdirectories ({@link #SUBDIR_COUNT})
 * @param catalogOid the recovery catalog object id (unused since 2.0)
 * @param catalogOgen its generation
 * @param peerUuid the MDS of an OST (unused since 2.0)
 * @param osdIndex the target index
 * @param padding1 was lsd_mdt_index
 * @param startEpoch VBR start epoch
 * @param transTable VBR transaction table, {@link #EXPIRE_INTERVALS} values
 * @param transTableTime time of the table's first slot
 * @param expireIntervals the table's length
 */
public record LrServerData(String uuid, long lastTransno, long compat14, long mountCount, int featureCompat,
        int featureRocompat, int featureIncompat, int serverSize, int clientStart, int clientSize, int subdirCount,
        long catalogOid, int catalogOgen, String peerUuid, int osdIndex, int padding1, int startEpoch,
        long[] transTable, int transTableTime, int expireIntervals) {

    /** {@code LR_SERVER_SIZE}. */
    public static final int SIZE = 512;
    /** {@code LR_CLIENT_START}: the offset of the first client slot. */
    public static final int CLIENT_START = 8192;
    /** {@code OBJ_SUBDIR_COUNT} (obd_target.h): the O/&lt;seq&gt;/d0..d31 directories. */
    public static final int SUBDIR_COUNT = 32;
    /** {@code LR_EXPIRE_INTERVALS}. */
    public static final int EXPIRE_INTERVALS = 16;
    /** Size of the UUID fields. */
    public static final int UUID_SIZE = 40;

    /** Offset of {@code lsd_uuid}. */
    public static final int OFF_UUID = 0;
    /** Offset of {@code lsd_last_transno}. */
    public static final int OFF_LAST_TRANSNO = 40;
    /** Offset of {@code lsd_compat14}. */
    public static final int OFF_COMPAT14 = 48;
    /** Offset of {@code lsd_mount_count}. */
    public static final int OFF_MOUNT_COUNT = 56;
    /** Offset of {@code lsd_feature_compat}. */
    public static final int OFF_FEATURE_COMPAT = 64;
    /** Offset of {@code lsd_feature_rocompat}. */
    public static final int OFF_FEATURE_ROCOMPAT = 68;
    /** Offset of {@code lsd_feature_incompat}. */
    public static final int OFF_FEATURE_INCOMPAT = 72;
    /** Offset of {@code lsd_server_size}. */
    public static final int OFF_SERVER_SIZE = 76;
    /** Offset of {@code lsd_client_start}. */
    public static final int OFF_CLIENT_START = 80;
    /** Offset of {@code lsd_client_size}. */
    public static final int OFF_CLIENT_SIZE = 84;
    /** Offset of {@code lsd_subdir_count}. */
    public static final int OFF_SUBDIR_COUNT = 86;
    /** Offset of {@code lsd_catalog_oid}. */
    public static final int OFF_CATALOG_OID = 88;
    /** Offset of {@code lsd_catalog_ogen}. */
    public static final int OFF_CATALOG_OGEN = 96;
    /** Offset of {@code lsd_peeruuid}. */
    public static final int OFF_PEER_UUID = 100;
    /** Offset of {@code lsd_osd_index}. */
    public static final int OFF_OSD_INDEX = 140;
    /** Offset of {@code lsd_padding1}. */
    public static final int OFF_PADDING1 = 144;
    /** Offset of {@code lsd_start_epoch}. */
    public static final int OFF_START_EPOCH = 148;
    /** Offset of {@code lsd_trans_table}. */
    public static final int OFF_TRANS_TABLE = 152;
    /** Offset of {@code lsd_trans_table_time}. */
    public static final int OFF_TRANS_TABLE_TIME = 280;
    /** Offset of {@code lsd_expire_intervals}. */
    public static final int OFF_EXPIRE_INTERVALS = 284;
    /** Offset of {@code lsd_padding}, which runs to {@link #SIZE}. */
    public static final int OFF_PADDING = 288;

    /** Copies the table and checks the fields that have a fixed size. */
    public LrServerData {
        transTable = transTable.clone();
        if (transTable.length != EXPIRE_INTERVALS) {
            throw new IllegalArgumentException("lsd_trans_table has " + transTable.length + " values, not "
                    + EXPIRE_INTERVALS);
        }
        if (clientSize < 0 || clientSize > 0xffff || subdirCount < 0 || subdirCount > 0xffff) {
            throw new IllegalArgumentException("lsd_client_size " + clientSize + " or lsd_subdir_count "
                    + subdirCount + " does not fit in 16 bits");
        }
    }

    /**
     * The header of a new target ({@code tgt_server_data_init} on an empty file): no
     * transaction yet, never mounted, Lustre's sizes, and the given features.
     */
    public static LrServerData fresh(String uuid, int osdIndex, int rocompat, int incompat) {
        return new LrServerData(uuid, 0, 0, 0, 0, rocompat, incompat, SIZE, CLIENT_START, LsdClientData.SIZE,
                SUBDIR_COUNT, 0, 0, "", osdIndex, 0, 0, new long[EXPIRE_INTERVALS], 0, 0);
    }

    /** The VBR transaction table (a copy). */
    @Override
    public long[] transTable() {
        return transTable.clone();
    }

    /** A copy with another last transno. */
    public LrServerData withLastTransno(long transno) {
        return new LrServerData(uuid, transno, compat14, mountCount, featureCompat, featureRocompat, featureIncompat,
                serverSize, clientStart, clientSize, subdirCount, catalogOid, catalogOgen, peerUuid, osdIndex,
                padding1, startEpoch, transTable, transTableTime, expireIntervals);
    }

    /** A copy with another mount count. */
    public LrServerData withMountCount(long count) {
        return new LrServerData(uuid, lastTransno, compat14, count, featureCompat, featureRocompat, featureIncompat,
                serverSize, clientStart, clientSize, subdirCount, catalogOid, catalogOgen, peerUuid, osdIndex,
                padding1, startEpoch, transTable, transTableTime, expireIntervals);
    }

    /** A copy with other feature bits. */
    public LrServerData withFeatures(int compat, int rocompat, int incompat) {
        return new LrServerData(uuid, lastTransno, compat14, mountCount, compat, rocompat, incompat, serverSize,
                clientStart, clientSize, subdirCount, catalogOid, catalogOgen, peerUuid, osdIndex, padding1,
                startEpoch, transTable, transTableTime, expireIntervals);
    }

    /** Writes the 512 bytes at {@code offset} (the padding zeroed). */
    public void encode(MemorySegment dst, long offset) {
        dst.asSlice(offset, SIZE).fill((byte) 0);
        FixedChars.put(dst, offset + OFF_UUID, UUID_SIZE, uuid, "lsd_uuid");
        dst.set(Le.U64, offset + OFF_LAST_TRANSNO, lastTransno);
        dst.set(Le.U64, offset + OFF_COMPAT14, compat14);
        dst.set(Le.U64, offset + OFF_MOUNT_COUNT, mountCount);
        dst.set(Le.U32, offset + OFF_FEATURE_COMPAT, featureCompat);
        dst.set(Le.U32, offset + OFF_FEATURE_ROCOMPAT, featureRocompat);
        dst.set(Le.U32, offset + OFF_FEATURE_INCOMPAT, featureIncompat);
        dst.set(Le.U32, offset + OFF_SERVER_SIZE, serverSize);
        dst.set(Le.U32, offset + OFF_CLIENT_START, clientStart);
        dst.set(Le.U16, offset + OFF_CLIENT_SIZE, (short) clientSize);
        dst.set(Le.U16, offset + OFF_SUBDIR_COUNT, (short) subdirCount);
        dst.set(Le.U64, offset + OFF_CATALOG_OID, catalogOid);
        dst.set(Le.U32, offset + OFF_CATALOG_OGEN, catalogOgen);
        FixedChars.put(dst, offset + OFF_PEER_UUID, UUID_SIZE, peerUuid, "lsd_peeruuid");
        dst.set(Le.U32, offset + OFF_OSD_INDEX, osdIndex);
        dst.set(Le.U32, offset + OFF_PADDING1, padding1);
        dst.set(Le.U32, offset + OFF_START_EPOCH, startEpoch);
        for (int i = 0; i < EXPIRE_INTERVALS; i++) {
            dst.set(Le.U64, offset + OFF_TRANS_TABLE + 8L * i, transTable[i]);
        }
        dst.set(Le.U32, offset + OFF_TRANS_TABLE_TIME, transTableTime);
        dst.set(Le.U32, offset + OFF_EXPIRE_INTERVALS, expireIntervals);
    }

    /** The 512 encoded bytes. */
    public byte[] encode() {
        byte[] b = new byte[SIZE];
        encode(MemorySegment.ofArray(b), 0);
        return b;
    }

    /**
     * Reads the header at {@code offset}; the UUIDs read up to their first NUL or their 40th
     * byte, as Lustre's {@code %.40s} does.
     *
     * @throws IndexOutOfBoundsException when fewer than 512 bytes follow {@code offset}
     */
    public static LrServerData decode(MemorySegment src, long offset) {
        if (src.byteSize() - offset < SIZE) {
            throw new IndexOutOfBoundsException("lr_server_data needs " + SIZE + " bytes, "
                    + Math.max(0, src.byteSize() - offset) + " there");
        }
        long[] table = new long[EXPIRE_INTERVALS];
        for (int i = 0; i < EXPIRE_INTERVALS; i++) {
            table[i] = src.get(Le.U64, offset + OFF_TRANS_TABLE + 8L * i);
        }
        return new LrServerData(FixedChars.get(src, offset + OFF_UUID, UUID_SIZE),
                src.get(Le.U64, offset + OFF_LAST_TRANSNO), src.get(Le.U64, offset + OFF_COMPAT14),
                src.get(Le.U64, offset + OFF_MOUNT_COUNT), src.get(Le.U32, offset + OFF_FEATURE_COMPAT),
                src.get(Le.U32, offset + OFF_FEATURE_ROCOMPAT), src.get(Le.U32, offset + OFF_FEATURE_INCOMPAT),
                src.get(Le.U32, offset + OFF_SERVER_SIZE), src.get(Le.U32, offset + OFF_CLIENT_START),
                Short.toUnsignedInt(src.get(Le.U16, offset + OFF_CLIENT_SIZE)),
                Short.toUnsignedInt(src.get(Le.U16, offset + OFF_SUBDIR_COUNT)),
                src.get(Le.U64, offset + OFF_CATALOG_OID), src.get(Le.U32, offset + OFF_CATALOG_OGEN),
                FixedChars.get(src, offset + OFF_PEER_UUID, UUID_SIZE), src.get(Le.U32, offset + OFF_OSD_INDEX),
                src.get(Le.U32, offset + OFF_PADDING1), src.get(Le.U32, offset + OFF_START_EPOCH), table,
                src.get(Le.U32, offset + OFF_TRANS_TABLE_TIME), src.get(Le.U32, offset + OFF_EXPIRE_INTERVALS));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LrServerData d && uuid.equals(d.uuid) && lastTransno == d.lastTransno
                && compat14 == d.compat14 && mountCount == d.mountCount && featureCompat == d.featureCompat
                && featureRocompat == d.featureRocompat && featureIncompat == d.featureIncompat
                && serverSize == d.serverSize && clientStart == d.clientStart && clientSize == d.clientSize
                && subdirCount == d.subdirCount && catalogOid == d.catalogOid && catalogOgen == d.catalogOgen
                && peerUuid.equals(d.peerUuid) && osdIndex == d.osdIndex && padding1 == d.padding1
                && startEpoch == d.startEpoch && Arrays.equals(transTable, d.transTable)
                && transTableTime == d.transTableTime && expireIntervals == d.expireIntervals;
    }

    @Override
    public int hashCode() {
        return Objects.hash(uuid, lastTransno, mountCount, featureIncompat, osdIndex);
    }

    @Override
    public String toString() {
        return "LrServerData[uuid=" + uuid + ", lastTransno=" + lastTransno + ", mountCount=" + mountCount
                + ", compat=" + Integer.toHexString(featureCompat) + ", rocompat="
                + Integer.toHexString(featureRocompat) + ", incompat=" + Integer.toHexString(featureIncompat)
                + ", osdIndex=" + osdIndex + "]";
    }
}
