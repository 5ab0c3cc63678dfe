package org.jlustre.osd;

import java.lang.foreign.MemorySegment;

/**
 * A page descriptor {@link Body#bufsGet} hands out ({@code struct niobuf_local},
 * lustre/include/obd.h): a range of the object's bytes that lives in one page of the OSD's
 * own memory, so network code can move data straight in and out of the store.
 *
 * <p>The {@link #page() page} stays valid until {@link Body#bufsPut}. For
 * {@link BufsType#READ} buffers it holds the object's bytes while the object grows; over a hole
 * it is a shared read-only page of zeros. For {@link BufsType#WRITE} buffers it is the buffer's
 * own until {@link Body#writeCommit}: what a writer (the network) puts there is seen by no
 * reader before the commit, and is thrown away by a {@link Body#bufsPut} without one.
 *
 * <p>Mutable like its C counterpart: {@link Body#readPrep} sets {@link #rc()}, and a writer
 * may set {@code rc} to a non-zero value to have {@link Body#writeCommit} skip the buffer.
 */
public final class LocalBuffer {

    private final long fileOffset;
    private final int pageOffset;
    private final int len;
    private final MemorySegment page;
    private int flags;
    private int rc;

    /** A descriptor of {@code len} bytes at {@code pageOffset} in {@code page}, file offset {@code fileOffset}. */
    public LocalBuffer(long fileOffset, int pageOffset, int len, MemorySegment page) {
        if (pageOffset < 0 || len < 0 || pageOffset + (long) len > page.byteSize()) {
            throw new IllegalArgumentException("buffer [" + pageOffset + ", +" + len + ") outside a page of "
                    + page.byteSize() + " bytes");
        }
        this.fileOffset = fileOffset;
        this.pageOffset = pageOffset;
        this.len = len;
        this.page = page;
    }

    /** {@code lnb_file_offset}: where the bytes are in the object. */
    public long fileOffset() {
        return fileOffset;
    }

    /** {@code lnb_page_offset}: where they start in the page. */
    public int pageOffset() {
        return pageOffset;
    }

    /** {@code lnb_len}: how many bytes. */
    public int len() {
        return len;
    }

    /** {@code lnb_page}: the whole page. */
    public MemorySegment page() {
        return page;
    }

    /** The {@link #len()} bytes of this buffer within its page. */
    public MemorySegment data() {
        return page.asSlice(pageOffset, len);
    }

    /** {@code lnb_flags}. */
    public int flags() {
        return flags;
    }

    /** Sets {@code lnb_flags}. */
    public void setFlags(int flags) {
        this.flags = flags;
    }

    /**
     * {@code lnb_rc}: after {@link Body#readPrep}, the valid bytes (0 beyond EOF); a non-zero
     * value on a write buffer makes {@link Body#writeCommit} skip it.
     */
    public int rc() {
        return rc;
    }

    /** Sets {@code lnb_rc}. */
    public void setRc(int rc) {
        this.rc = rc;
    }

    @Override
    public String toString() {
        return "LocalBuffer[file=" + fileOffset + " page+" + pageOffset + " len=" + len + " rc=" + rc + "]";
    }
}
