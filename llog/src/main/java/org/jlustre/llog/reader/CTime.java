package org.jlustre.llog.reader;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * glibc's {@code ctime}, {@code ctime_r} and {@code gmtime_r} as llog_reader uses them, for
 * any 64-bit time: {@code localtime} fails (NULL) when the year does not fit a C int,
 * {@code asctime} formats {@code "%.3s %.3s%3d %.2d:%.2d:%.2d %d\n"}, and {@code ctime_r}
 * writes into a 26-byte buffer, so a five-digit year is cut to 25 characters.
 */
final class CTime {

    private CTime() {
    }

    private static final String[] DAYS = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    /** The buffer {@code ctime_r} writes into ({@code char createtime[26]} in llog_reader). */
    static final int CTIME_R_BUFFER = 26;

    /** A broken-down time, {@code struct tm} with the full year. */
    record Tm(long year, int month, int day, int hour, int minute, int second, int weekday) {
    }

    /** {@code gmtime_r}: the UTC calendar time of {@code seconds}, or null when the year does not fit. */
    static Tm gmtime(long seconds) {
        return breakDown(seconds, 0);
    }

    /** {@code localtime_r} in {@code zone}, or null when the year does not fit. */
    static Tm localtime(long seconds, ZoneId zone) {
        return breakDown(seconds, offset(seconds, zone));
    }

    /** {@code ctime(&t)}: the asctime text with its newline, or null (printf then prints "(null)"). */
    static String ctime(long seconds, ZoneId zone) {
        Tm tm = localtime(seconds, zone);
        return tm == null ? null : asctime(tm);
    }

    /**
     * What {@code ctime_r(&t, buf)} leaves in a 26-byte buffer: the asctime text, cut to 25
     * characters when it does not fit; null when {@code localtime} failed and the buffer was
     * not written.
     */
    static String ctimeR(long seconds, ZoneId zone) {
        Tm tm = localtime(seconds, zone);
        if (tm == null) {
            return null;
        }
        String s = asctime(tm);
        return s.length() >= CTIME_R_BUFFER ? s.substring(0, CTIME_R_BUFFER - 1) : s;
    }

    /** {@code asctime}'s {@code "%.3s %.3s%3d %.2d:%.2d:%.2d %d\n"}. */
    private static String asctime(Tm tm) {
        return DAYS[tm.weekday] + " " + MONTHS[tm.month - 1] + CFormat.right(Integer.toString(tm.day), 3) + " "
                + CFormat.precision(tm.hour, 2) + ":" + CFormat.precision(tm.minute, 2) + ":"
                + CFormat.precision(tm.second, 2) + " " + tm.year + "\n";
    }

    /** The zone's UTC offset at {@code seconds}, clamped to the instants Java knows. */
    private static int offset(long seconds, ZoneId zone) {
        ZoneRules rules = zone.getRules();
        long clamped = Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), seconds));
        return rules.getOffset(Instant.ofEpochSecond(clamped)).getTotalSeconds();
    }

    /** {@code __offtime}: the calendar time, or null when the year does not fit a C int. */
    private static Tm breakDown(long seconds, int offset) {
        long local = seconds + offset;
        if (((seconds ^ local) & (offset ^ local)) < 0) {
            return null; // the addition overflowed
        }
        long days = Math.floorDiv(local, 86400L);
        int secs = (int) Math.floorMod(local, 86400L);
        // days_from_civil inverted (H. Hinnant), valid for every long day count used here
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        // glibc: tm_year = year - 1900 must fit an int, and asctime refuses tm_year > INT_MAX - 1900
        if (year - 1900 < Integer.MIN_VALUE || year > Integer.MAX_VALUE) {
            return null;
        }
        int weekday = (int) Math.floorMod(days + 4, 7L);
        return new Tm(year, month, day, secs / 3600, secs / 60 % 60, secs % 60, weekday);
    }
}
