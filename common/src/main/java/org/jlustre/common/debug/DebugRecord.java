package org.jlustre.common.debug;

/**
 * One line of the debug log, with the fields {@code lctl dk} prints.
 *
 * @param subsys the subsystem bit ({@code S_*})
 * @param mask the mask bit ({@code D_*})
 * @param cpu the CPU the record was written on (the JVM cannot tell; 0)
 * @param seconds wall-clock seconds
 * @param micros microseconds within the second
 * @param pid the writing thread's id
 * @param file the source file
 * @param line the source line
 * @param function the method
 * @param text the message, without a trailing newline
 */
public record DebugRecord(int subsys, int mask, int cpu, long seconds, int micros, long pid, String file, int line,
        String function, String text) {

    /**
     * The line as {@code lctl debug_kernel} prints it (lustre/utils/debug.c):
     * {@code subsys:mask:cpu.type:sec.usec:stack:pid:extpid:(file:line:function()) text}.
     */
    public String format() {
        StringBuilder sb = new StringBuilder(96 + text.length());
        hex8(sb, subsys).append(':');
        hex8(sb, mask).append(':');
        sb.append(cpu).append(".0:").append(seconds).append('.');
        String us = Integer.toString(micros);
        sb.append("000000", 0, 6 - us.length()).append(us);
        sb.append(":0:").append(pid).append(":0:(").append(file).append(':').append(line).append(':')
                .append(function).append("()) ").append(text);
        return sb.toString();
    }

    private static StringBuilder hex8(StringBuilder sb, int v) {
        String h = Integer.toHexString(v);
        return sb.append("00000000", 0, 8 - h.length()).append(h);
    }

    /** Approximate bytes the record holds, for the ring buffer bound. */
    int footprint() {
        return 64 + 2 * (text.length() + file.length() + function.length());
    }
}
