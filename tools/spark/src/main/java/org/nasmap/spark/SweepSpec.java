package org.nasmap.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.reader.NasBench;

/**
 * A sweep specification: algorithms with hyperparameter grids, datasets, hps, budgets and an inclusive seed
 * range, and its expansion into runs. Run {@code id} is a position in the product
 * configurations x datasets x hps x budgets x seeds (seeds varying fastest), so any run can be rebuilt from
 * its id alone, on any executor, and its seed comes from the specification, never from a partition or the
 * clock. The JSON schema is in the README:
 * <pre>
 * {
 *   "name": "baselines",                                   optional, the Spark application's name
 *   "algorithms": [                                        required, one or more
 *     {"name": "random"},
 *     {"name": "regularized-evolution", "grid": {"population": [10, 20], "sample_size": 3}},
 *     {"name": "reinforce", "grid": {"learning_rate": [0.1, 0.5]}}   parameters left out take defaults
 *   ],
 *   "datasets": ["cifar10"],                               cifar10, cifar100, ImageNet16-120
 *   "hp": "12",                                            optional, default "12"
 *   "budgets": [20000],                                    optional, simulated seconds; default per dataset
 *   "seeds": {"first": 0, "last": 99}                      required, inclusive
 * }
 * </pre>
 * Every list may be given as a single value.
 */
public final class SweepSpec implements Serializable
{
    private static final long serialVersionUID = 1L;
    private static final Set<String> KEYS = Set.of("name", "algorithms", "datasets", "hp", "budgets", "seeds");

    /** One algorithm with one value per hyperparameter. */
    public record Config(Algorithm algorithm, double[] values) implements Serializable
    {
        /** @return "regularized-evolution population=10 sample_size=3". */
        @Override
        public String toString()
        {
            return values.length == 0 ? algorithm.key() : algorithm.key() + " " + algorithm.describe(values);
        }
    }

    /** One run of the sweep. */
    public record Run(long id, int group, Config config, Dataset dataset, Hp hp, double budget, long seed)
        implements Serializable
    {
    }

    /** The runs that differ by their seed only: a row of the summary. */
    public record Group(Config config, Dataset dataset, Hp hp, double budget)
    {
    }

    private final String name;
    private final List<Config> configs;
    private final List<Dataset> datasets;
    private final List<Hp> hps;
    /** simulated seconds; NaN: NATS-Bench's budget for the dataset */
    private final double[] budgets;
    private final long firstSeed;
    private final long seedCount;
    private final long runCount;

    private SweepSpec(final String name, final List<Config> configs, final List<Dataset> datasets, final List<Hp> hps,
        final double[] budgets, final long firstSeed, final long lastSeed, final String source)
    {
        this.name = name;
        this.configs = List.copyOf(configs);
        this.datasets = List.copyOf(datasets);
        this.hps = List.copyOf(hps);
        this.budgets = budgets;
        this.firstSeed = firstSeed;
        try
        {
            this.seedCount = Math.addExact(Math.subtractExact(lastSeed, firstSeed), 1);
            this.runCount = Math.multiplyExact((long)groupCount(), seedCount);
        }
        catch (final ArithmeticException e)
        {
            throw new SweepException(source + ": too many runs");
        }
    }

    /** NATS-Bench's search budget in simulated seconds. */
    public static double defaultBudget(final Dataset dataset)
    {
        return dataset == Dataset.CIFAR10 ? 20_000 : dataset == Dataset.CIFAR100 ? 40_000 : 120_000;
    }

    /** Reads and checks a specification file. */
    public static SweepSpec read(final Path path)
    {
        final String text;
        try
        {
            text = Files.readString(path, StandardCharsets.UTF_8);
        }
        catch (final NoSuchFileException e)
        {
            throw new SweepException(path + ": no such specification file");
        }
        catch (final IOException e)
        {
            throw new SweepException(path + ": cannot read the specification: " + e.getMessage());
        }
        return parse(path.toString(), text);
    }

    /**
     * Parses and checks a specification.
     *
     * @param source names the specification in messages.
     */
    public static SweepSpec parse(final String source, final String json)
    {
        final JsonNode root;
        try
        {
            final ObjectMapper mapper = new ObjectMapper();
            mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = mapper.readTree(json);
        }
        catch (final JsonProcessingException e)
        {
            throw new SweepException(source + ": not valid JSON: " + e.getOriginalMessage() +
                (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " +
                    e.getLocation().getColumnNr() + ")"));
        }
        if (root == null || !root.isObject())
        {
            throw new SweepException(source + ": a specification is a JSON object with \"algorithms\", \"datasets\" " +
                "and \"seeds\"");
        }
        for (final Iterator<String> it = root.fieldNames(); it.hasNext(); )
        {
            final String key = it.next();
            if (!KEYS.contains(key))
            {
                throw new SweepException(source + ": unknown key \"" + key + "\"; a specification has " +
                    "name, algorithms, datasets, hp, budgets, seeds");
            }
        }
        final JsonNode nameNode = root.get("name");
        if (nameNode != null && !nameNode.isTextual())
        {
            throw new SweepException(source + ": \"name\" must be a string");
        }
        final List<Config> configs = new ArrayList<>();
        final List<JsonNode> algorithms = list(source, root, "algorithms", true);
        for (int i = 0; i < algorithms.size(); i++)
        {
            expand(source + ": algorithms[" + i + "]", algorithms.get(i), configs);
        }
        final List<Dataset> datasets = new ArrayList<>();
        for (final JsonNode d : list(source, root, "datasets", true))
        {
            final Dataset dataset = d.isTextual() ? Dataset.fromUpstream(d.asText()) : null;
            if (dataset == null || dataset == Dataset.CIFAR10_VALID)
            {
                throw new SweepException(source + ": dataset " + d + " is not a search dataset; use cifar10, " +
                    "cifar100 or ImageNet16-120 (a cifar10 search validates on cifar10-valid, as upstream's " +
                    "simulate_train_eval does)");
            }
            if (datasets.contains(dataset))
            {
                throw new SweepException(source + ": dataset " + d + " is listed twice");
            }
            datasets.add(dataset);
        }
        final List<Hp> hps = new ArrayList<>();
        if (root.has("hp"))
        {
            for (final JsonNode h : list(source, root, "hp", true))
            {
                final Hp hp = h.isTextual() ? Hp.fromUpstream(h.asText()) : h.isIntegralNumber() ? Hp.ofEpochs(h.asLong()) : null;
                if (hp == null)
                {
                    throw new SweepException(source + ": hp " + h + " is not one of \"01\", \"12\", \"90\", \"200\"");
                }
                if (hps.contains(hp))
                {
                    throw new SweepException(source + ": hp " + h + " is listed twice");
                }
                hps.add(hp);
            }
        }
        else
        {
            hps.add(Hp.H12);
        }
        double[] budgets = {Double.NaN};
        if (root.has("budgets"))
        {
            final List<JsonNode> b = list(source, root, "budgets", true);
            budgets = new double[b.size()];
            for (int i = 0; i < budgets.length; i++)
            {
                final JsonNode n = b.get(i);
                if (!n.isNumber() || !(n.asDouble() > 0) || Double.isInfinite(n.asDouble()))
                {
                    throw new SweepException(source + ": budget " + n + " is not a positive number of simulated seconds");
                }
                budgets[i] = n.asDouble();
            }
        }
        final JsonNode seeds = root.get("seeds");
        if (seeds == null || !seeds.isObject() || !seeds.has("first") || !seeds.has("last") || seeds.size() != 2)
        {
            throw new SweepException(source + ": \"seeds\" must be {\"first\": A, \"last\": B}, an inclusive range");
        }
        final long first = seed(source, seeds.get("first"));
        final long last = seed(source, seeds.get("last"));
        if (first > last)
        {
            throw new SweepException(source + ": reversed seed range: first " + first + " > last " + last);
        }
        return new SweepSpec(nameNode == null ? null : nameNode.asText(), configs, datasets, hps, budgets, first, last,
            source);
    }

    private static long seed(final String source, final JsonNode n)
    {
        if (!n.isIntegralNumber() || !n.canConvertToLong())
        {
            throw new SweepException(source + ": seed " + n + " is not an integer");
        }
        return n.asLong();
    }

    /** @return the node's elements (a single value counts as a list of one), never empty. */
    private static List<JsonNode> list(final String source, final JsonNode parent, final String key, final boolean required)
    {
        final JsonNode n = parent.get(key);
        final List<JsonNode> out = new ArrayList<>();
        if (n == null || n.isNull())
        {
            if (required)
            {
                throw new SweepException(source + ": \"" + key + "\" is missing");
            }
            return out;
        }
        if (n.isArray())
        {
            n.forEach(out::add);
        }
        else
        {
            out.add(n);
        }
        if (out.isEmpty())
        {
            throw new SweepException(source + ": \"" + key + "\" is empty");
        }
        return out;
    }

    /** Adds the configurations of one algorithm entry: the product of its grid, in the declared order. */
    private static void expand(final String where, final JsonNode entry, final List<Config> out)
    {
        if (!entry.isObject() || !entry.has("name") || !entry.get("name").isTextual())
        {
            throw new SweepException(where + ": an algorithm is {\"name\": ..., \"grid\": {...}}; names: " + Algorithm.keys());
        }
        for (final Iterator<String> it = entry.fieldNames(); it.hasNext(); )
        {
            final String key = it.next();
            if (!key.equals("name") && !key.equals("grid"))
            {
                throw new SweepException(where + ": unknown key \"" + key + "\"; an algorithm has name and grid");
            }
        }
        final String key = entry.get("name").asText();
        final Algorithm algorithm = Algorithm.of(key);
        if (algorithm == null)
        {
            throw new SweepException(where + ": unknown algorithm \"" + key + "\"; known: " + Algorithm.keys());
        }
        final String at = where + " (" + key + ")";
        final List<Algorithm.Parameter> params = algorithm.parameters();
        final double[][] axes = new double[params.size()][];
        for (int p = 0; p < axes.length; p++)
        {
            axes[p] = new double[] {params.get(p).initial()};
        }
        final JsonNode grid = entry.get("grid");
        if (grid != null)
        {
            if (!grid.isObject())
            {
                throw new SweepException(at + ": \"grid\" must be an object of parameter: value or [values]");
            }
            for (final Iterator<Map.Entry<String, JsonNode>> it = grid.properties().iterator(); it.hasNext(); )
            {
                final Map.Entry<String, JsonNode> e = it.next();
                int p = 0;
                while (p < params.size() && !params.get(p).name().equals(e.getKey()))
                {
                    p++;
                }
                if (p == params.size())
                {
                    throw new SweepException(at + ": unknown parameter \"" + e.getKey() + "\"; " + (params.isEmpty() ?
                        key + " has none" : "its parameters are " + names(params)));
                }
                axes[p] = values(at, params.get(p), e.getValue());
            }
        }
        final int[] index = new int[axes.length];
        while (true)
        {
            final double[] v = new double[axes.length];
            for (int p = 0; p < axes.length; p++)
            {
                v[p] = axes[p][index[p]];
            }
            final String wrong = algorithm.check(v);
            if (wrong != null)
            {
                throw new SweepException(at + ": " + wrong);
            }
            out.add(new Config(algorithm, v));
            int p = axes.length - 1;
            while (p >= 0 && ++index[p] == axes[p].length)
            {
                index[p--] = 0;
            }
            if (p < 0)
            {
                return;
            }
        }
    }

    private static double[] values(final String at, final Algorithm.Parameter param, final JsonNode node)
    {
        final List<JsonNode> nodes = new ArrayList<>();
        if (node.isArray())
        {
            node.forEach(nodes::add);
        }
        else
        {
            nodes.add(node);
        }
        if (nodes.isEmpty())
        {
            throw new SweepException(at + ": the grid of " + param.name() + " is empty");
        }
        final double[] out = new double[nodes.size()];
        for (int i = 0; i < out.length; i++)
        {
            final JsonNode n = nodes.get(i);
            final double v = n.asDouble();
            if (!n.isNumber() || (param.integer() && !n.isIntegralNumber()) || v < param.min() || v > param.max())
            {
                throw new SweepException(at + ": " + param.name() + " " + n + " is not " +
                    (param.integer() ? "an integer" : "a number") + " in [" + param.format(param.min()) + ", " +
                    param.format(param.max()) + "]");
            }
            for (int j = 0; j < i; j++)
            {
                if (out[j] == v)
                {
                    throw new SweepException(at + ": " + param.name() + " " + n + " is listed twice");
                }
            }
            out[i] = v;
        }
        return out;
    }

    private static String names(final List<Algorithm.Parameter> params)
    {
        final List<String> out = new ArrayList<>();
        params.forEach(p -> out.add(p.name()));
        return String.join(", ", out);
    }

    /**
     * Checks the specification against the file the runs will query: every hp must be in it, every dataset must
     * have results at every hp.
     */
    public void check(final NasBench bench, final String file)
    {
        for (final Hp hp : hps)
        {
            if ((bench.file().hpMask() & (1 << hp.ordinal())) == 0)
            {
                throw new SweepException(file + ": holds no results at hp " + hp.upstreamKey() + " (a " +
                    bench.space().shortName() + " file)");
            }
            for (final Dataset d : datasets)
            {
                final int[] histogram = bench.seedHistogram(d, hp);
                int archs = 0;
                for (int s = 1; s < histogram.length; s++)
                {
                    archs += histogram[s];
                }
                if (archs == 0)
                {
                    throw new SweepException(file + ": holds no " + d.upstreamName() + " results at hp " + hp.upstreamKey());
                }
            }
        }
    }

    /** @return the name given in the specification, or null. */
    public String name()
    {
        return name;
    }

    /** @return the number of runs. */
    public long runCount()
    {
        return runCount;
    }

    /** @return the number of seeds per group. */
    public long seedCount()
    {
        return seedCount;
    }

    /** @return the number of groups (runs that differ by seed only). */
    public int groupCount()
    {
        return Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(configs.size(), datasets.size()), hps.size()),
            budgets.length);
    }

    /** @return the group of that index: configurations, then datasets, hps and budgets, the last varying fastest. */
    public Group group(final int index)
    {
        int g = index;
        final int b = g % budgets.length;
        g /= budgets.length;
        final Hp hp = hps.get(g % hps.size());
        g /= hps.size();
        final Dataset dataset = datasets.get(g % datasets.size());
        g /= datasets.size();
        final double budget = Double.isNaN(budgets[b]) ? defaultBudget(dataset) : budgets[b];
        return new Group(configs.get(g), dataset, hp, budget);
    }

    /** @return run {@code id} (0 .. runCount - 1). */
    public Run run(final long id)
    {
        if (id < 0 || id >= runCount)
        {
            throw new IndexOutOfBoundsException("run " + id + " of " + runCount);
        }
        final int group = (int)(id / seedCount);
        final Group g = group(group);
        return new Run(id, group, g.config(), g.dataset(), g.hp(), g.budget(), firstSeed + id % seedCount);
    }
}
