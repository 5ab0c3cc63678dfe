package org.jlustre.lnet;

/**
 * A match entry ({@code struct lnet_me}): on a portal, which incoming PUTs and GETs its MD
 * takes, by sender and match bits ({@code (bits ^ matchBits) & ~ignoreBits == 0}). jlustre
 * attaches one MD per entry and unlinks the entry with it ({@code LNET_UNLINK}), as ptlrpc
 * always does.
 */
final class MatchEntry {

    final int portal;
    final ProcessId matchId;
    final long matchBits;
    final long ignoreBits;
    final MemoryDescriptor md;

    MatchEntry(int portal, ProcessId matchId, long matchBits, long ignoreBits, MemoryDescriptor md) {
        this.portal = portal;
        this.matchId = matchId;
        this.matchBits = matchBits;
        this.ignoreBits = ignoreBits;
        this.md = md;
    }

    boolean matches(long srcNid, int srcPid, long bits) {
        return ((bits ^ matchBits) & ~ignoreBits) == 0 && matchId.matches(srcNid, srcPid);
    }

    /** Whether lookups can find this entry by its exact match bits. */
    boolean exact() {
        return ignoreBits == 0;
    }
}
