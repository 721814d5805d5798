package org.nasmap.reader;

import java.util.random.RandomGenerator;

/**
 * Which trials a query reads: upstream's {@code is_random} argument as an explicit type.
 * <ul>
 *   <li>{@link #mean()}: average over every seed ({@code is_random=False});</li>
 *   <li>{@link #seed(int)}: the trial of that seed ({@code is_random=777});</li>
 *   <li>{@link #random(RandomGenerator)}: one trial picked with the caller's generator ({@code is_random=True}).</li>
 * </ul>
 * Instances are immutable and may be shared between threads (the random kind is as thread-safe as the
 * generator given). Keep them: hot loops should not create one per query.
 */
public final class SeedChoice
{
    /** Kind code: mean over seeds. */
    public static final int MEAN = 0;
    /** Kind code: a given seed. */
    public static final int SEED = 1;
    /** Kind code: a random trial. */
    public static final int RANDOM = 2;

    private static final SeedChoice MEAN_CHOICE = new SeedChoice(MEAN, 0, null);

    private final int kind;
    private final int seed;
    private final RandomGenerator random;

    private SeedChoice(final int kind, final int seed, final RandomGenerator random)
    {
        this.kind = kind;
        this.seed = seed;
        this.random = random;
    }

    /** @return the mean over seeds (a shared instance). */
    public static SeedChoice mean()
    {
        return MEAN_CHOICE;
    }

    /** @return the trial with that seed. */
    public static SeedChoice seed(final int seed)
    {
        return new SeedChoice(SEED, seed, null);
    }

    /** @return one trial drawn with {@code random}. */
    public static SeedChoice random(final RandomGenerator random)
    {
        if (random == null)
        {
            throw new NullPointerException("random");
        }
        return new SeedChoice(RANDOM, 0, random);
    }

    /** @return {@link #MEAN}, {@link #SEED} or {@link #RANDOM}. */
    public int kind()
    {
        return kind;
    }

    /** @return the seed of a {@link #SEED} choice. */
    public int seedValue()
    {
        return seed;
    }

    /** @return the generator of a {@link #RANDOM} choice, else null. */
    public RandomGenerator generator()
    {
        return random;
    }

    @Override
    public String toString()
    {
        return kind == MEAN ? "mean" : kind == SEED ? "seed " + seed : "random";
    }
}
