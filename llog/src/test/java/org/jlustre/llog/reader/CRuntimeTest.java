package org.jlustre.llog.reader;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The pieces of the C runtime llog_reader leans on: glibc's time text, libcfs's NID text, stdio buffering. */
class CRuntimeTest {

    @Test
    void ctimeAsGlibcFormatsIt() {
        assertThat(CTime.ctime(0, ZoneOffset.UTC)).isEqualTo("Thu Jan  1 00:00:00 1970\n");
        assertThat(CTime.ctime(-1, ZoneOffset.UTC)).isEqualTo("Wed Dec 31 23:59:59 1969\n");
        assertThat(CTime.ctime(1490901649, ZoneId.of("Asia/Kolkata"))).isEqualTo("Fri Mar 31 00:50:49 2017\n");
        // the last second whose year asctime accepts, and the first it refuses
        assertThat(CTime.ctime(67767976233532799L, ZoneOffset.UTC)).isEqualTo("Tue Dec 31 23:59:59 2147483647\n");
        assertThat(CTime.ctime(67767976233532800L, ZoneOffset.UTC)).isNull();
        assertThat(CTime.ctime(Long.MIN_VALUE, ZoneOffset.UTC)).isNull();
        assertThat(CTime.ctime(Long.MAX_VALUE, ZoneId.of("Europe/Paris"))).isNull();
    }

    @Test
    void ctimeRCutsWhatDoesNotFitTwentySixBytes() {
        assertThat(CTime.ctimeR(1490901649, ZoneOffset.UTC)).isEqualTo("Thu Mar 30 19:20:49 2017\n");
        assertThat(CTime.ctimeR(253402300800L, ZoneOffset.UTC)).isEqualTo("Sat Jan  1 00:00:00 10000");
        assertThat(CTime.ctimeR(-62135596800L - 86400L * 366, ZoneOffset.UTC)).isEqualTo("Sat Jan  1 00:00:00 0\n");
    }

    @Test
    void gmtimeBreaksDownUtc() {
        CTime.Tm tm = CTime.gmtime(1490901649);
        assertThat(tm).isEqualTo(new CTime.Tm(2017, 3, 30, 19, 20, 49, 4));
    }

    @Test
    void nid2strAsLibcfsPrintsIt() {
        assertThat(LnetNidText.nid2str(0x20000c0a83866L)).isEqualTo("192.168.56.102@tcp");
        assertThat(LnetNidText.nid2str(9L << 48)).isEqualTo("0@lo");
        assertThat(LnetNidText.nid2str((5L << 16 | 1) << 32 | 0x0a000001L)).isEqualTo("10.0.0.1@o2ib1");
        assertThat(LnetNidText.nid2str(13L << 48 | 42)).isEqualTo("42@gni");
        assertThat(LnetNidText.nid2str(16L << 48 | 0xffffffffL)).isEqualTo("4294967295@kfi");
        assertThat(LnetNidText.nid2str(5)).isEqualTo("5@<0:0>");
        assertThat(LnetNidText.nid2str(-1)).isEqualTo("<?>");
    }

    @Test
    void nidstrOfLargeNids() {
        assertThat(nidstr(12, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1)).isEqualTo("::1@tcp");
        assertThat(nidstr(12, 2, 3, 0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)).isEqualTo("2001:db8::1@tcp3");
        assertThat(nidstr(12, 5, 0, 0, 0, 0, 0, 0, 0xffff, 0x0102, 0x0304)).isEqualTo("::ffff:1.2.3.4@o2ib");
        assertThat(nidstr(12, 2, 0, 1, 0, 0, 1, 0, 0, 0, 1)).isEqualTo("1:0:0:1::1@tcp");
        assertThat(nidstr(12, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0)).isEqualTo("1::@tcp");
        assertThat(nidstr(0, 9, 0, 0, 7, 0, 0, 0, 0, 0, 0)).isEqualTo("7@lo");
        // an unknown LND: "l = snprintf(buf + l, ...)" writes each word where the previous word's
        // length says, so ":12345678" lands at 2 and "@<99:1>" at 9, over its last two digits
        assertThat(nidstr(4, 99, 1, 0, 0x11, 0x1234, 0x5678, 0, 0, 0, 0)).isEqualTo("11:123456@<99:1>");
    }

    /** A struct lnet_nid: size, type, network number, then eight 16-bit address words. */
    private static String nidstr(int size, int type, int num, int... words) {
        byte[] b = new byte[20];
        b[0] = (byte) size;
        b[1] = (byte) type;
        b[2] = (byte) (num >>> 8);
        b[3] = (byte) num;
        for (int i = 0; i < 8; i++) {
            b[4 + 2 * i] = (byte) (words[i] >>> 8);
            b[5 + 2 * i] = (byte) words[i];
        }
        return LnetNidText.nidstr(new ReaderMemory(b), 0);
    }

    @Test
    void aCrashLosesTheBufferedPartialLineOnly() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReaderOutput o = new ReaderOutput(out, new ByteArrayOutputStream());
        o.out("abc\nde");
        o.out("f");
        o.crash();
        assertThat(out.toString()).isEqualTo("abc\n");

        ByteArrayOutputStream long1 = new ByteArrayOutputStream();
        ReaderOutput o2 = new ReaderOutput(long1, new ByteArrayOutputStream());
        o2.out("x".repeat(5000));
        o2.crash();
        assertThat(long1.size()).isEqualTo(ReaderOutput.STDOUT_BUFFER);

        ByteArrayOutputStream done = new ByteArrayOutputStream();
        ReaderOutput o3 = new ReaderOutput(done, new ByteArrayOutputStream());
        o3.out("abc\nde");
        o3.exit();
        assertThat(done.toString()).isEqualTo("abc\nde");
    }

    @Test
    void memoryPastTheGuardFaults() {
        ReaderMemory mem = new ReaderMemory(new byte[] {1, 2, 3, 4});
        assertThat(mem.u32(0)).isEqualTo(0x04030201);
        assertThat(mem.u32(4)).isZero();
        assertThat(mem.u8(-ReaderMemory.GUARD)).isZero();
        assertThat(mem.cString(0)).isEqualTo("\u0001\u0002\u0003\u0004");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mem.u8(4 + ReaderMemory.GUARD))
                .isInstanceOf(ProcessCrash.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> mem.u32(ReaderMemory.NULL + 4))
                .isInstanceOf(ProcessCrash.class);
        mem.putU32(4, 0x678);
        assertThat(mem.u32(4)).isEqualTo(0x678);
    }

    @Test
    void printfConversions() {
        assertThat(CFormat.altX(0L)).isEqualTo("0");
        assertThat(CFormat.altX(0x4)).isEqualTo("0x4");
        assertThat(CFormat.altX04(1)).isEqualTo("0x01");
        assertThat(CFormat.altX04(0)).isEqualTo("0000");
        assertThat(CFormat.altX04(0x123)).isEqualTo("0x123");
        assertThat(CFormat.precision(6, 2)).isEqualTo("06");
        assertThat(CFormat.precision(-6, 3)).isEqualTo("-006");
        assertThat(CFormat.precision(12345, 3)).isEqualTo("12345");
        assertThat(CFormat.strerror(0)).isEqualTo("Success");
        assertThat(CFormat.strerror(2)).isEqualTo("No such file or directory");
        assertThat(CFormat.strerror(4095)).isEqualTo("Unknown error 4095");
        assertThat(CFormat.align8u32(-1)).isZero();
    }
}
