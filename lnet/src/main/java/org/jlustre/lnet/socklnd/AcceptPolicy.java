package org.jlustre.lnet.socklnd;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Whom the acceptor lets in, and for how long before they say who they are (lnet/lnet/acceptor.c:
 * the {@code accept} and {@code accept_timeout} module parameters; the connection limits are
 * jlustre's own, Lustre has none).
 *
 * @param mode {@code accept=secure} (Lustre's default) or {@code accept=all}
 * @param timeout {@code accept_timeout}: a connection that has not sent its acceptor request and
 *        hello within this time is closed (Lustre: 5 s for each read of them)
 * @param maxConns the most accepted connections held at once, whatever their state
 * @param maxConnsPerPeer the most accepted connections held at once from one peer address
 */
public record AcceptPolicy(Mode mode, Duration timeout, int maxConns, int maxConnsPerPeer) {

    /** {@code accept_timeout}'s default, 5 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * {@link #maxConns}' default: far above what a server's clients need (a kernel peer makes
     * three connections, CONTROL, BULK_IN and BULK_OUT, per {@code conns_per_peer}), a bound on
     * what a flood can take.
     */
    public static final int DEFAULT_MAX_CONNS = 16384;
    /** {@link #maxConnsPerPeer}' default: a node needs a handful; a flood from one address stops here. */
    public static final int DEFAULT_MAX_CONNS_PER_PEER = 64;
    /** Lustre's defaults: secure, 5 s, and jlustre's limits. */
    public static final AcceptPolicy DEFAULT = new AcceptPolicy(Mode.SECURE, DEFAULT_TIMEOUT, DEFAULT_MAX_CONNS,
            DEFAULT_MAX_CONNS_PER_PEER);

    /** The {@code accept} modes that run an acceptor ({@code none} is {@code SocklndConfig.listen} false). */
    public enum Mode {
        /**
         * Only connections from privileged ports (at most {@code LNET_ACCEPTOR_MAX_RESERVED_PORT},
         * 1023), which only root can bind: the peer is a kernel, its hello names it.
         */
        SECURE,
        /**
         * Connections from any port; one from an unprivileged port is a user-space process,
         * known by its address and port whatever its hello says ({@code ksocknal_recv_hello}).
         */
        ALL;

        /** The mode's name as {@code accept=} spells it. */
        public String lustreName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * The mode named {@code text} ({@code accept2secure}: "secure" or "all").
         *
         * @throws IllegalArgumentException naming the text for anything else
         */
        public static Mode parse(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "secure" -> SECURE;
                case "all" -> ALL;
                default -> throw new IllegalArgumentException("accept=\"" + text + "\": expected secure or all");
            };
        }
    }

    /** Validates. */
    public AcceptPolicy {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("accept_timeout " + timeout + " must be positive");
        }
        if (maxConns < 1 || maxConnsPerPeer < 1) {
            throw new IllegalArgumentException("connection limits " + maxConns + " in all and " + maxConnsPerPeer
                    + " per peer must be at least 1");
        }
    }

    /** With another mode. */
    public AcceptPolicy withMode(Mode m) {
        return new AcceptPolicy(m, timeout, maxConns, maxConnsPerPeer);
    }

    /** With another {@code accept_timeout}. */
    public AcceptPolicy withTimeout(Duration t) {
        return new AcceptPolicy(mode, t, maxConns, maxConnsPerPeer);
    }

    /** With other connection limits. */
    public AcceptPolicy withLimits(int inAll, int perPeer) {
        return new AcceptPolicy(mode, timeout, inAll, perPeer);
    }
}
