package org.jlustre.target;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.jlustre.common.Errno;
import org.jlustre.wire.Le;
import org.jlustre.wire.target.LrServerData;
import org.jlustre.wire.target.LsdClientData;
import org.jlustre.wire.target.ReplyData;
import org.jlustre.wire.target.ReplyDataHeader;

/**
 * Prints {@code last_rcvd} and {@code reply_data} files as Lustre's {@code lr_reader -C FILE
 * -R FILE} does (lustre/utils/lr_reader.c with LU-16029's file options and LU-16096's reply
 * formats, which is what produced the expected outputs in test-data): the same lines, the same
 * messages on stderr, the same exit statuses. Strings from the file are printed as their bytes.
 *
 * <p>Differences: there is no device argument (lr_reader runs {@code debugfs -R dump} on an
 * ldiskfs device; here the files come from {@code jlustre osd dump}), and stdout and stderr are
 * written in program order, without C stdio's buffering.
 */
public final class LrReader {

    /** The program name in messages. */
    private static final String PROG = "lr_reader";
    /** {@code LRH_MAGIC_V2}: 2.16's reply_data with 64-byte slots. */
    private static final int MAGIC_V2 = 0xbdabda02;
    /** {@code sizeof(struct lsd_reply_data_v2)}. */
    private static final int REPLY_SIZE_V2 = 64;
    /** Offset of {@code lrd_batch_idx} in a v2 slot. */
    private static final int OFF_BATCH_IDX = 32;

    private final OutputStream out;
    private final OutputStream err;
    /** The errno of the last failed {@link #open}. */
    private int lastErrno;

    /** A reader printing to {@code out} and {@code err}. */
    public LrReader(OutputStream out, OutputStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs as lr_reader's {@code main} after option parsing: last_rcvd from {@code lastRcvd}
     * (with client slots when {@code clients}), then, when {@code reply}, reply_data from
     * {@code replyData}.
     *
     * @param lastRcvd the {@code -C} file, or null
     * @param replyData the {@code -R} file, or null
     * @return lr_reader's exit status: 0, or the errno of what failed
     */
    public int run(Path lastRcvd, boolean clients, Path replyData, boolean reply) {
        try {
            if (lastRcvd != null) {
                byte[] file = open(lastRcvd);
                if (file == null) {
                    return lastErrno;
                }
                int rc = printLastRcvd(file, clients);
                if (rc != 0) {
                    return rc;
                }
            }
            if (reply) {
                byte[] file = replyData == null ? null : open(replyData);
                if (file == null) {
                    return replyData == null ? Errno.EINVAL.value() : lastErrno;
                }
                return printReplyData(file);
            }
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's bytes, or null after lr_reader's "Can't open" message (it names last_rcvd for both files). */
    private byte[] open(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            return in.readAllBytes();
        } catch (NoSuchFileException e) {
            return cantOpen(Errno.ENOENT);
        } catch (AccessDeniedException e) {
            return cantOpen(Errno.EACCES);
        } catch (IOException e) {
            return cantOpen(Files.isDirectory(p) ? Errno.EISDIR : Errno.EIO);
        }
    }

    private byte[] cantOpen(Errno e) throws IOException {
        lastErrno = e.value();
        err(PROG + ": Can't open last_rcvd: " + e.message() + "\n");
        return null;
    }

    /** {@code print_last_rcvd}. */
    private int printLastRcvd(byte[] file, boolean clients) throws IOException {
        out("last_rcvd:\n");
        int rc = file.length < LrServerData.SIZE ? Errno.EINVAL.value() : 0;
        MemorySegment s = MemorySegment.ofArray(head(file, LrServerData.SIZE));
        out("  uuid: ");
        outBytes(fixed(s, LrServerData.OFF_UUID, LrServerData.UUID_SIZE));
        out("\n  feature_compat: " + hex(s.get(Le.U32, LrServerData.OFF_FEATURE_COMPAT)) + "\n");
        out("  feature_incompat: " + hex(s.get(Le.U32, LrServerData.OFF_FEATURE_INCOMPAT)) + "\n");
        out("  feature_rocompat: " + hex(s.get(Le.U32, LrServerData.OFF_FEATURE_ROCOMPAT)) + "\n");
        out("  last_transaction: " + Long.toUnsignedString(s.get(Le.U64, LrServerData.OFF_LAST_TRANSNO)) + "\n");
        out("  target_index: " + Integer.toUnsignedString(s.get(Le.U32, LrServerData.OFF_OSD_INDEX)) + "\n");
        out("  mount_count: " + Long.toUnsignedString(s.get(Le.U64, LrServerData.OFF_MOUNT_COUNT)) + "\n");
        if (!clients || rc != 0) {
            return rc;
        }
        long start = Integer.toUnsignedLong(s.get(Le.U32, LrServerData.OFF_CLIENT_START));
        out("  client_area_start: " + start + "\n");
        out("  client_area_size: " + Short.toUnsignedInt(s.get(Le.U16, LrServerData.OFF_CLIENT_SIZE)) + "\n");
        // lr_reader walks sizeof(lsd_client_data) records from client_start whatever lsd_client_size says,
        // and a short record at the end of the file ends the walk silently (feof)
        MemorySegment f = MemorySegment.ofArray(file);
        for (long off = start; off + LsdClientData.SIZE <= file.length; off += LsdClientData.SIZE) {
            if (f.get(ValueLayout.JAVA_BYTE, off) == 0) {
                continue;
            }
            out("\n  ");
            outBytes(fixed(f, off + LsdClientData.OFF_UUID, LsdClientData.UUID_SIZE));
            out(":\n");
            out("    generation: " + u32(f, off + LsdClientData.OFF_GENERATION) + "\n");
            out("    last_transaction: " + u64(f, off + LsdClientData.OFF_LAST_TRANSNO) + "\n");
            out("    last_xid: " + u64(f, off + LsdClientData.OFF_LAST_XID) + "\n");
            out("    last_result: " + u32(f, off + LsdClientData.OFF_LAST_RESULT) + "\n");
            out("    last_data: " + u32(f, off + LsdClientData.OFF_LAST_DATA) + "\n");
            if (f.get(Le.U64, off + LsdClientData.OFF_LAST_CLOSE_TRANSNO) != 0
                    && f.get(Le.U64, off + LsdClientData.OFF_LAST_CLOSE_XID) != 0) {
                // "transation" is lr_reader's spelling
                out("    last_close_transation: " + u64(f, off + LsdClientData.OFF_LAST_CLOSE_TRANSNO) + "\n");
                out("    last_close_xid: " + u64(f, off + LsdClientData.OFF_LAST_CLOSE_XID) + "\n");
                out("    last_close_result: " + u32(f, off + LsdClientData.OFF_LAST_CLOSE_RESULT) + "\n");
                out("    last_close_data: " + u32(f, off + LsdClientData.OFF_LAST_CLOSE_DATA) + "\n");
            }
        }
        return 0;
    }

    /** {@code print_reply_data}. */
    private int printReplyData(byte[] file) throws IOException {
        out("\nreply_data:\n");
        int rc = file.length < ReplyDataHeader.SIZE ? Errno.EINVAL.value() : 0;
        ReplyDataHeader lrh = ReplyDataHeader.decode(MemorySegment.ofArray(head(file, ReplyDataHeader.SIZE)), 0);
        if (lrh.headerSize() != ReplyDataHeader.SIZE) {
            err(String.format("%s: invalid reply_data header: lrh_header_size=0x%08x expected 0x%08x\n", PROG,
                    lrh.headerSize(), ReplyDataHeader.SIZE));
            rc = Errno.EINVAL.value();
        }
        int recsz = 0;
        if (lrh.magic() == MAGIC_V2) {
            if (lrh.replySize() != REPLY_SIZE_V2) {
                err(String.format("%s: invalid reply_data header: lrh_reply_size=0x%08x expected 0x%08x\n", PROG,
                        lrh.replySize(), REPLY_SIZE_V2));
                rc = Errno.EINVAL.value();
            } else {
                recsz = REPLY_SIZE_V2;
            }
        } else if (lrh.magic() == ReplyDataHeader.MAGIC) {
            if (lrh.replySize() != ReplyData.SIZE) {
                // lr_reader names the v2 size here
                err(String.format("%s: invalid reply_data header: lrh_reply_size=0x%08x expected 0x%08x\n", PROG,
                        lrh.replySize(), REPLY_SIZE_V2));
                rc = Errno.EINVAL.value();
            } else {
                recsz = ReplyData.SIZE;
            }
        } else {
            err(String.format("%s: invalid reply_data header: lrh_magic=0x%08x expected 0x%08x or 0x%08x\n", PROG,
                    lrh.magic(), ReplyDataHeader.MAGIC, MAGIC_V2));
            rc = Errno.EINVAL.value();
        }
        if (rc != 0) {
            err("lsd_reply_header:\n");
            err(String.format("\tlrh_magic: 0x%08x\n", lrh.magic()));
            err("\tlrh_header_size: " + Integer.toUnsignedString(lrh.headerSize()) + "\n");
            err("\tlrh_reply_size: " + Integer.toUnsignedString(lrh.replySize()) + "\n");
            return rc;
        }
        MemorySegment f = MemorySegment.ofArray(file);
        long slot = 0;
        for (long off = ReplyDataHeader.SIZE; off + recsz <= file.length; off += recsz, slot++) {
            ReplyData lrd = ReplyData.decode(f, off);
            out("  " + slot + ":\n");
            out("    client_generation: " + Integer.toUnsignedString(lrd.clientGeneration()) + "\n");
            out("    last_transaction: " + Long.toUnsignedString(lrd.transno()) + "\n");
            out("    last_xid: " + Long.toUnsignedString(lrd.xid()) + "\n");
            out("    last_result: " + Integer.toUnsignedString(lrd.result()) + "\n");
            out("    last_data: " + Long.toUnsignedString(lrd.data()) + "\n\n");
            if (recsz == REPLY_SIZE_V2) {
                out("    batch_idx: " + u32(f, off + OFF_BATCH_IDX) + "\n");
            }
        }
        return 0;
    }

    /**
     * The first {@code size} bytes of {@code file} as lr_reader's zeroed struct holds them after
     * its {@code fread}, with its complaint on stderr when the file is shorter.
     */
    private byte[] head(byte[] file, int size) throws IOException {
        byte[] h = new byte[size];
        int n = Math.min(file.length, size);
        System.arraycopy(file, 0, h, 0, n);
        if (n < size) {
            err(PROG + ": Short read (" + n + " of " + size + ")\n");
        }
        return h;
    }

    /** {@code %#x}: "0" for zero, else 0x and lower-case hex. */
    static String hex(int v) {
        return v == 0 ? "0" : "0x" + Integer.toHexString(v);
    }

    private static String u32(MemorySegment s, long off) {
        return Integer.toUnsignedString(s.get(Le.U32, off));
    }

    private static String u64(MemorySegment s, long off) {
        return Long.toUnsignedString(s.get(Le.U64, off));
    }

    /** {@code %.Ns}: the bytes up to the first NUL or the field's end. */
    private static byte[] fixed(MemorySegment s, long off, int size) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < size; i++) {
            byte c = s.get(ValueLayout.JAVA_BYTE, off + i);
            if (c == 0) {
                break;
            }
            b.write(c);
        }
        return b.toByteArray();
    }

    private void out(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.US_ASCII));
    }

    private void outBytes(byte[] b) throws IOException {
        out.write(b);
    }

    private void err(String s) throws IOException {
        out.flush();
        err.write(s.getBytes(StandardCharsets.US_ASCII));
        err.flush();
    }
}
