package org.nasmap.spark;

import java.util.ArrayList;
import java.util.List;

import org.nasmap.search.RandomSearch;
import org.nasmap.search.RegularizedEvolution;
import org.nasmap.search.Reinforce;
import org.nasmap.search.SearchAlgorithm;

/**
 * The searchers a sweep may run, by the name a specification gives them, with their hyperparameters
 * (name, type, default, valid range). A run's parameter values are held as a {@code double[]} in the order
 * of {@link #parameters()}.
 */
public enum Algorithm
{
    /** {@link RandomSearch}: no parameters. */
    RANDOM("random")
    {
        @Override
        public SearchAlgorithm create(final double[] values)
        {
            return new RandomSearch();
        }
    },
    /** {@link RegularizedEvolution}: population and tournament size (NAS-Bench-201: 10 and 3). */
    REGULARIZED_EVOLUTION("regularized-evolution",
        new Parameter("population", true, 10, 1, 1_000_000),
        new Parameter("sample_size", true, 3, 1, 1_000_000))
    {
        @Override
        public SearchAlgorithm create(final double[] values)
        {
            return new RegularizedEvolution((int)values[0], (int)values[1]);
        }

        @Override
        String check(final double[] values)
        {
            return values[1] > values[0] ? "sample_size " + (int)values[1] + " exceeds population " + (int)values[0] : null;
        }
    },
    /** {@link Reinforce}: learning rate on the logits and the baseline's momentum (NAS-Bench-201: 0.9). */
    REINFORCE("reinforce",
        new Parameter("learning_rate", false, 0.5, Double.MIN_VALUE, 1e6),
        new Parameter("momentum", false, 0.9, 0, 1))
    {
        @Override
        public SearchAlgorithm create(final double[] values)
        {
            return new Reinforce(values[0], values[1]);
        }
    };

    /**
     * One hyperparameter.
     *
     * @param name    its name in a specification and its column in the runs.
     * @param integer whether it takes integers only.
     * @param initial the value when a specification leaves it out.
     * @param min     the least valid value.
     * @param max     the greatest valid value.
     */
    public record Parameter(String name, boolean integer, double initial, double min, double max)
    {
        /** @return the value as a specification writes it: integers without a fraction. */
        public String format(final double value)
        {
            return integer ? Long.toString((long)value) : Double.toString(value);
        }
    }

    private final String key;
    private final List<Parameter> parameters;

    Algorithm(final String key, final Parameter... parameters)
    {
        this.key = key;
        this.parameters = List.of(parameters);
    }

    /** @return the name a specification uses. */
    public String key()
    {
        return key;
    }

    /** @return its hyperparameters in the order of a run's values. */
    public List<Parameter> parameters()
    {
        return parameters;
    }

    /** @return a fresh searcher with these parameter values. */
    public abstract SearchAlgorithm create(double[] values);

    /** @return what is wrong with a combination of valid values, or null. */
    String check(final double[] values)
    {
        return null;
    }

    /** @return "population=10 sample_size=3", or "" without parameters. */
    public String describe(final double[] values)
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < parameters.size(); i++)
        {
            if (i > 0)
            {
                b.append(' ');
            }
            b.append(parameters.get(i).name()).append('=').append(parameters.get(i).format(values[i]));
        }
        return b.toString();
    }

    /** @return the algorithm of that name, or null. */
    public static Algorithm of(final String key)
    {
        for (final Algorithm a : values())
        {
            if (a.key.equals(key))
            {
                return a;
            }
        }
        return null;
    }

    /** @return "random, regularized-evolution, reinforce". */
    public static String keys()
    {
        final List<String> out = new ArrayList<>();
        for (final Algorithm a : values())
        {
            out.add(a.key);
        }
        return String.join(", ", out);
    }
}
