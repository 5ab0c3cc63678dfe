package org.jlustre.osd.testkit;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jlustre.common.Errno;
import org.jlustre.osd.UpdateType;

/**
 * Which faults a {@link FaultyOsd} injects: at which operations (updates by
 * {@link UpdateType}, transaction start, body reads), which errno, and when (every Nth
 * eligible call, or with a probability from a seed, so a run can be replayed).
 *
 * <pre>{@code
 * FaultPlan.builder().onUpdates(UpdateType.WRITE).errno(Errno.EIO).everyNth(3).build();
 * FaultPlan.builder().onStart().errno(Errno.ENOSPC).probability(0.1, random).build();
 * }</pre>
 *
 * @param updates the update types that fail
 * @param onStart whether {@code Transaction.start()} fails
 * @param onRead whether body reads ({@code read}, {@code readRecord}, {@code readPrep}) fail
 * @param errno the injected errno
 * @param everyNth fail every Nth eligible call (1 = every one); 0 when {@code probability} decides
 * @param probability the chance that an eligible call fails, when {@code everyNth} is 0
 * @param seed the seed of the generator that draws against {@code probability}
 */
public record FaultPlan(Set<UpdateType> updates, boolean onStart, boolean onRead, Errno errno, int everyNth,
        double probability, long seed) {

    /** Checks the plan, naming a bad value. */
    public FaultPlan {
        updates = Set.copyOf(updates);
        Objects.requireNonNull(errno, "errno");
        if (everyNth < 0) {
            throw new IllegalArgumentException("everyNth must not be negative: " + everyNth);
        }
        if (everyNth == 0 && !(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be in [0, 1]: " + probability);
        }
    }

    /** A plan that injects nothing. */
    public static FaultPlan none() {
        return new FaultPlan(Set.of(), false, false, Errno.EIO, 1, 0, 0);
    }

    /** Whether the plan can inject anything. */
    public boolean isEmpty() {
        return updates.isEmpty() && !onStart && !onRead;
    }

    /** A builder: no operations, EIO, every call. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link FaultPlan}. */
    public static final class Builder {
        private final Set<UpdateType> updates = EnumSet.noneOf(UpdateType.class);
        private boolean onStart;
        private boolean onRead;
        private Errno errno = Errno.EIO;
        private int everyNth = 1;
        private double probability;
        private long seed;

        private Builder() {
        }

        /** Fails updates of these types. */
        public Builder onUpdates(UpdateType... types) {
            updates.addAll(Set.of(types));
            return this;
        }

        /** Fails transaction starts. */
        public Builder onStart() {
            onStart = true;
            return this;
        }

        /** Fails body reads. */
        public Builder onRead() {
            onRead = true;
            return this;
        }

        /** The errno to inject (default EIO). */
        public Builder errno(Errno errno) {
            this.errno = errno;
            return this;
        }

        /** Fails every Nth eligible call (the Nth, 2Nth ...); 1 fails all. */
        public Builder everyNth(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("everyNth must be at least 1: " + n);
            }
            everyNth = n;
            return this;
        }

        /** Fails each eligible call with {@code p}, drawing from a generator seeded by {@code random}. */
        public Builder probability(double p, RandomGenerator random) {
            everyNth = 0;
            probability = p;
            seed = random.nextLong();
            return this;
        }

        /** The plan. */
        public FaultPlan build() {
            return new FaultPlan(updates, onStart, onRead, errno, everyNth, probability, seed);
        }
    }
}
