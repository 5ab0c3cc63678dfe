package org.jlustre.mgs;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jlustre.wire.mgs.MgsTargetInfo;

/**
 * What the MGS knows of one filesystem ({@code struct fs_db}, lustre/mgs/mgs_internal.h): the
 * MDT and OST indexes in use (bitmaps of {@code INDEX_MAP_SIZE} bytes), the generation that
 * numbers config-log sections ({@code fsdb_gen}, a marker's {@code cm_step}), the client-side
 * device names, and each registered target's last registration (for the NID table).
 *
 * <p>Guarded by its own monitor: every change to one filesystem's logs holds it
 * ({@code fsdb_mutex}).
 */
final class Fsdb {

    /** {@code INDEX_MAP_SIZE}: bytes in each index bitmap. */
    static final int INDEX_MAP_SIZE = 8192;
    /** The highest index a target may have (0xffff is "none"). */
    static final int MAX_INDEX = INDEX_MAP_SIZE * 8 - 1;

    final String name;
    final BitSet mdtIndexes = new BitSet();
    final BitSet ostIndexes = new BitSet();
    final Map<String, MgsTargetInfo> targets = new LinkedHashMap<>();
    /** The NID table version at which each target last changed. */
    final Map<String, Long> versions = new LinkedHashMap<>();
    int gen = 1;
    long nidtblVersion;

    Fsdb(String name) {
        this.name = name;
    }

    /** {@code <fsname>-clilov}. */
    String clilov() {
        return name + "-clilov";
    }

    /** {@code <fsname>-clilmv}. */
    String clilmv() {
        return name + "-clilmv";
    }

    /** {@code <fsname>-client}. */
    String clientLog() {
        return name + "-client";
    }

    /** The next section's step ({@code ++fsdb_gen}, as {@code record_marker} does for CM_START). */
    int nextStep() {
        return ++gen;
    }

    BitSet map(boolean mdt) {
        return mdt ? mdtIndexes : ostIndexes;
    }
}
