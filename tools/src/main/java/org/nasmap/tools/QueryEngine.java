package org.nasmap.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.reader.CostInfo;
import org.nasmap.reader.Metrics;
import org.nasmap.reader.MoreInfo;
import org.nasmap.reader.NasBench;
import org.nasmap.reader.NasmapQueryException;
import org.nasmap.reader.SeedChoice;
import org.nasmap.reader.SimulationResult;
import org.nasmap.reader.TopologyCells;

/**
 * The {@code nasmap query} protocol: one JSON object per input line, exactly one JSON object per output line,
 * in order. Field names and meanings follow upstream's API; a line that cannot be answered gets
 * <code>{"error":"message"}</code> and the stream goes on. The error rules (their order and wording, shared with
 * the Python reader) are pinned by {@code src/test/resources/query-protocol/cases.jsonl}:
 * <ol>
 * <li>the line itself ({@link QueryJson#parseRequest}: empty, too deep, invalid JSON, not an object, content
 * after the object, a duplicate key);</li>
 * <li>{@code op}: missing, not a string, unknown;</li>
 * <li>the first field (in document order) the op does not take;</li>
 * <li>{@code index} and {@code arch} together;</li>
 * <li>each field in the op's parameter order ({@link Op}): missing when required, or
 * {@code 'field' must be <allowed>, got <the value as JSON>};</li>
 * <li>upstream's own errors (missing epochs, unknown seeds, ...).</li>
 * </ol>
 */
public final class QueryEngine
{
    /** The operations and the fields each takes, in the order they are checked. */
    enum Op
    {
        ARCH("arch", "index"),
        FIND_BEST("find_best", "dataset", "metric_on_set", "flop_max", "param_max", "hp"),
        GET_COST_INFO("get_cost_info", "index", "arch", "dataset", "hp"),
        GET_DATASET_SEEDS("get_dataset_seeds", "index", "arch", "dataset", "hp"),
        GET_LATENCY("get_latency", "index", "arch", "dataset", "hp"),
        GET_METRICS("get_metrics", "index", "arch", "dataset", "hp", "setname", "iepoch", "is_random"),
        GET_MORE_INFO("get_more_info", "index", "arch", "dataset", "hp", "iepoch", "is_random"),
        GET_NET_CONFIG("get_net_config", "index", "arch", "dataset"),
        GET_UNIQUE_STR("get_unique_str", "index", "arch"),
        LEN("len"),
        QUERY_INDEX_BY_ARCH("query_index_by_arch", "arch"),
        SIMULATE_TRAIN_EVAL("simulate_train_eval", "index", "arch", "dataset", "hp", "iepoch", "seed"),
        STATISTICS("statistics", "dataset", "hp"),
        STR2LISTS("str2lists", "index", "arch"),
        STR2MATRIX("str2matrix", "index", "arch");

        final String name;
        final List<String> fields;
        /** "a, b, op" : the fields it takes, {@code op} included, sorted. */
        final String allowed;

        Op(final String name, final String... fields)
        {
            this.name = name;
            this.fields = List.of(fields);
            final String[] all = Arrays.copyOf(fields, fields.length + 1);
            all[fields.length] = "op";
            Arrays.sort(all);
            this.allowed = String.join(", ", all);
        }

        boolean takesIndexOrArch()
        {
            return fields.contains("index") && fields.contains("arch");
        }

        static final String ALL;

        static
        {
            final String[] names = new String[values().length];
            for (int i = 0; i < names.length; i++)
            {
                names[i] = values()[i].name;
            }
            Arrays.sort(names);
            ALL = String.join(", ", names);
        }

        static Op of(final String name)
        {
            for (final Op op : values())
            {
                if (op.name.equals(name))
                {
                    return op;
                }
            }
            return null;
        }
    }

    static final String INDEX_OR_ARCH = "an architecture index (a 32-bit integer) or an architecture string";
    static final String DATASETS = "one of \"cifar10-valid\", \"cifar10\", \"cifar100\", \"ImageNet16-120\"";
    static final String SETNAMES = "one of \"train\", \"x-valid\", \"x-test\", \"ori-test\", \"valid\"";

    private final NasBench bench;
    private final SplittableRandom random;
    private final Metrics metrics = new Metrics();
    private final MoreInfo moreInfo = new MoreInfo();
    private final CostInfo costInfo = new CostInfo();
    private final SimulationResult simulation = new SimulationResult();
    private final double[] best = new double[1];
    private final QueryJson.Answer answer = new QueryJson.Answer();
    private final String hpsAllowed;
    private final Hp[] hps;
    private Map<String, QueryJson.Node> request;

    /**
     * @param bench      the open benchmark.
     * @param randomSeed seed of the generator behind {@code is_random: true}.
     */
    public QueryEngine(final NasBench bench, final long randomSeed)
    {
        this.bench = bench;
        this.random = new SplittableRandom(randomSeed);
        this.hps = bench.space() == Space.TOPOLOGY ? new Hp[] {Hp.H12, Hp.H200} : new Hp[] {Hp.H01, Hp.H12, Hp.H90};
        final StringBuilder b = new StringBuilder("one of ");
        for (int i = 0; i < hps.length; i++)
        {
            b.append(i == 0 ? "\"" : ", \"").append(hps[i].upstreamKey()).append('"');
        }
        this.hpsAllowed = b.append(" (a string or an integer)").toString();
    }

    /**
     * Answers every line of {@code in} on {@code out}, one answer line per input line (for tests and embedding;
     * the command reads bytes with {@link QueryLines}, which also enforces the line limit).
     *
     * @return the number of lines answered.
     */
    public long run(final BufferedReader in, final Writer out) throws IOException
    {
        long n = 0;
        String text;
        while ((text = in.readLine()) != null)
        {
            answer(text, out);
            out.write('\n');
            n++;
        }
        out.flush();
        return n;
    }

    /** Answers one request line into {@code out} (one JSON object, no newline). */
    public void answer(final String text, final Writer out) throws IOException
    {
        final char[] chars = text.toCharArray();
        out.append(answer(chars, chars.length));
    }

    /**
     * Answers one request line.
     *
     * @param line   the line's characters, without its newline.
     * @param length how many.
     * @return the answer (one JSON object, no newline), valid until the next call.
     */
    StringBuilder answer(final char[] line, final int length)
    {
        answer.reset();
        try
        {
            request = QueryJson.parseRequest(line, length).fields;
            dispatch(op());
        }
        catch (final QueryJson.BadLine e)
        {
            answer.error(e.getMessage());
        }
        catch (final RuntimeException e)
        {
            // NasmapQueryException (upstream's errors), NasmapFormatException (a corrupt file)
            answer.error(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        finally
        {
            request = null;
        }
        return answer.b;
    }

    /** The answer to a line longer than the limit. */
    StringBuilder tooLong(final int limit)
    {
        return answer.error("line too long: more than " + limit + " bytes").b;
    }

    private Op op() throws QueryJson.BadLine
    {
        final QueryJson.Node node = request.get("op");
        if (node == null)
        {
            throw new QueryJson.BadLine("missing 'op'");
        }
        if (node.kind != QueryJson.STRING)
        {
            throw mustBe("op", "a string", node);
        }
        final Op op = Op.of(node.text);
        if (op == null)
        {
            throw new QueryJson.BadLine("unknown op '" + node.text + "'; allowed: " + Op.ALL);
        }
        for (final String field : request.keySet())
        {
            if (!"op".equals(field) && !op.fields.contains(field))
            {
                throw new QueryJson.BadLine("unknown field '" + field + "' for op '" + op.name + "'; allowed: " + op.allowed);
            }
        }
        if (op.takesIndexOrArch() && request.containsKey("index") && request.containsKey("arch"))
        {
            throw new QueryJson.BadLine("give 'index' or 'arch', not both");
        }
        return op;
    }

    private void dispatch(final Op op) throws QueryJson.BadLine
    {
        final QueryJson.Answer a = answer;
        switch (op)
        {
            case LEN -> a.start().field("len", bench.size()).end();
            case ARCH ->
            {
                final int index = int32("index", required("index"), "an architecture index (a 32-bit integer)");
                a.start().field("arch", bench.arch(index)).end();
            }
            case QUERY_INDEX_BY_ARCH ->
            {
                final QueryJson.Node node = required("arch");
                final int index = node.kind == QueryJson.STRING ? bench.indexOf(node.text) :
                    bench.checkIndex(archIndex("arch", node));
                a.start().field("index", index).end();
            }
            case GET_MORE_INFO -> getMoreInfo();
            case GET_METRICS -> getMetrics();
            case GET_COST_INFO ->
            {
                final int arch = arch();
                bench.getCostInfo(arch, dataset(), hp(), costInfo);
                costInfo();
            }
            case GET_LATENCY ->
            {
                final int arch = arch();
                final double latency = bench.getLatency(arch, dataset(), hp());
                a.start().field("latency", latency).end();
            }
            case GET_DATASET_SEEDS ->
            {
                final int arch = arch();
                final int[] seeds = bench.datasetSeeds(arch, dataset(), hp());
                a.start().key("seeds").startArray();
                for (final int s : seeds)
                {
                    a.value(s);
                }
                a.endArray().end();
            }
            case GET_NET_CONFIG ->
            {
                final int arch = arch();
                final Map<String, Object> config = bench.netConfig(arch, dataset());
                a.start();
                for (final Map.Entry<String, Object> e : config.entrySet())
                {
                    if (e.getValue() instanceof Integer)
                    {
                        a.field(e.getKey(), (long)(Integer)e.getValue());
                    }
                    else
                    {
                        a.field(e.getKey(), String.valueOf(e.getValue()));
                    }
                }
                a.end();
            }
            case STR2LISTS ->
            {
                final List<List<TopologyCells.Edge>> nodes = TopologyCells.str2lists(archString());
                a.start().key("lists").startArray();
                for (final List<TopologyCells.Edge> node : nodes)
                {
                    a.startArray();
                    for (final TopologyCells.Edge e : node)
                    {
                        a.startArray().value(e.op()).value(e.input()).endArray();
                    }
                    a.endArray();
                }
                a.endArray().end();
            }
            case STR2MATRIX ->
            {
                final int[][] m = TopologyCells.str2matrix(archString());
                a.start().key("matrix").startArray();
                for (final int[] row : m)
                {
                    a.startArray();
                    for (final int v : row)
                    {
                        a.value(v);
                    }
                    a.endArray();
                }
                a.endArray().end();
            }
            case GET_UNIQUE_STR ->
            {
                final int arch = arch();
                if (bench.space() != Space.TOPOLOGY)
                {
                    throw new NasmapQueryException("get_unique_str is defined for the topology space only");
                }
                a.start().field("unique_str", TopologyCells.uniqueStr(bench.arch(arch))).end();
            }
            case SIMULATE_TRAIN_EVAL -> simulate();
            case FIND_BEST -> findBest();
            case STATISTICS -> statistics();
            default -> throw new IllegalStateException(op.name);
        }
    }

    private void getMoreInfo() throws QueryJson.BadLine
    {
        final int arch = arch();
        final Dataset dataset = dataset();
        final Hp hp = hp();
        final int iepoch = iepoch();
        final SeedChoice choice = choice(true);
        bench.getMoreInfo(arch, dataset, hp, iepoch, choice, moreInfo);
        final QueryJson.Answer a = answer.start();
        for (final MoreInfo.Block b : MoreInfo.Block.values())
        {
            if (moreInfo.has(b))
            {
                final String p = b.prefix();
                a.number(p + "-loss", moreInfo.loss(b));
                a.number(p + "-accuracy", moreInfo.accuracy(b));
                a.field(p + "-per-time", moreInfo.perTime(b));
                a.field(p + "-all-time", moreInfo.allTime(b));
            }
        }
        a.end();
    }

    private void getMetrics() throws QueryJson.BadLine
    {
        final int arch = arch();
        final Dataset dataset = dataset();
        final Hp hp = hp();
        final QueryJson.Node setname = required("setname");
        final Split split = setname.kind == QueryJson.STRING ? Split.fromUpstream(setname.text) : null;
        if (split == null)
        {
            throw mustBe("setname", SETNAMES, setname);
        }
        final int iepoch = iepoch();
        bench.getMetrics(arch, dataset, hp, split, iepoch, choice(false), metrics);
        answer.start()
            .field("iepoch", metrics.iepoch())
            .number("loss", metrics.loss())
            .number("accuracy", metrics.accuracy())
            .field("cur_time", metrics.curTime())
            .field("all_time", metrics.allTime())
            .end();
    }

    private void costInfo()
    {
        final QueryJson.Answer a = answer.start()
            .number("flops", costInfo.flops())
            .number("params", costInfo.params())
            .field("latency", costInfo.latency());
        for (final Split s : Split.values())
        {
            if (costInfo.hasTimes(s))
            {
                a.field("T-" + s.upstreamName() + "@epoch", costInfo.epochTime(s));
                a.field("T-" + s.upstreamName() + "@total", costInfo.totalTime(s));
            }
        }
        a.end();
    }

    private void simulate() throws QueryJson.BadLine
    {
        final int arch = arch();
        final Dataset dataset = dataset();
        final Hp hp = hp();
        final int iepoch = iepoch();
        final QueryJson.Node seed = request.get("seed");
        final SeedChoice choice = seed == null || seed.kind == QueryJson.NULL ? SeedChoice.random(random) :
            SeedChoice.seed(int32("seed", seed, "a seed (a 32-bit integer) or null"));
        bench.simulateTrainEval(arch, dataset, hp, iepoch, choice, simulation);
        answer.start()
            .number("valid_accuracy", simulation.validAccuracy())
            .field("latency", simulation.latency())
            .number("time_cost", simulation.timeCost())
            .end();
    }

    private void findBest() throws QueryJson.BadLine
    {
        final Dataset dataset = dataset();
        final QueryJson.Node set = required("metric_on_set");
        if (set.kind != QueryJson.STRING)
        {
            throw mustBe("metric_on_set", "a string", set);
        }
        final double flopMax = optionalNumber("flop_max");
        final double paramMax = optionalNumber("param_max");
        final int index = bench.findBest(dataset, set.text, flopMax, paramMax, hp(), best);
        answer.start().field("index", index).field("accuracy", index < 0 ? Double.NaN : best[0]).end();
    }

    private void statistics() throws QueryJson.BadLine
    {
        final int[] counts = bench.statistics(dataset(), hp());
        final QueryJson.Answer a = answer.start().key("counts").start();
        for (int i = 0; i < counts.length; i++)
        {
            if (counts[i] != 0)
            {
                a.field(Integer.toString(i), counts[i]);
            }
        }
        a.end().end();
    }

    // -------------------------------------------------------------------------------------------- fields

    private QueryJson.Node required(final String name) throws QueryJson.BadLine
    {
        final QueryJson.Node node = request.get(name);
        if (node == null)
        {
            throw new QueryJson.BadLine("missing '" + name + "'");
        }
        return node;
    }

    private static QueryJson.BadLine mustBe(final String name, final String allowed, final QueryJson.Node given)
    {
        return new QueryJson.BadLine("'" + name + "' must be " + allowed + ", got " + given.json());
    }

    /** An integer literal within 32 bits, or the protocol's error. */
    private static int int32(final String name, final QueryJson.Node node, final String allowed) throws QueryJson.BadLine
    {
        if (node.isInteger() && node.text.length() <= 11)
        {
            final long v = Long.parseLong(node.text);
            if (v == (int)v)
            {
                return (int)v;
            }
        }
        throw mustBe(name, allowed, node);
    }

    private static int archIndex(final String name, final QueryJson.Node node) throws QueryJson.BadLine
    {
        return int32(name, node, INDEX_OR_ARCH);
    }

    /** The architecture of {@code index} or {@code arch}: an index (checked) or an architecture string. */
    private int arch() throws QueryJson.BadLine
    {
        final String key = request.containsKey("index") ? "index" : "arch";
        final QueryJson.Node node = request.get(key);
        if (node == null)
        {
            throw new QueryJson.BadLine("missing 'index' or 'arch'");
        }
        if (node.kind == QueryJson.STRING)
        {
            final int index = bench.indexOf(node.text);
            if (index < 0)
            {
                throw new NasmapQueryException("architecture '" + node.text + "' is not in the search space");
            }
            return index;
        }
        return bench.checkIndex(archIndex(key, node));
    }

    /** The architecture string of a request: {@code arch} as a string, or {@code index}/{@code arch} as an index. */
    private String archString() throws QueryJson.BadLine
    {
        final QueryJson.Node node = request.get("arch");
        return node != null && node.kind == QueryJson.STRING ? node.text : bench.arch(arch());
    }

    private Dataset dataset() throws QueryJson.BadLine
    {
        final QueryJson.Node node = required("dataset");
        final Dataset d = node.kind == QueryJson.STRING ? Dataset.fromUpstream(node.text) : null;
        if (d == null)
        {
            throw mustBe("dataset", DATASETS, node);
        }
        return d;
    }

    private Hp hp() throws QueryJson.BadLine
    {
        final QueryJson.Node node = request.get("hp");
        if (node == null || node.kind == QueryJson.NULL)
        {
            return Hp.H12;
        }
        for (final Hp h : hps)
        {
            if (node.kind == QueryJson.STRING ? h.upstreamKey().equals(node.text) :
                node.isInteger() && node.text.length() <= 4 && Integer.parseInt(node.text) == h.epochs())
            {
                return h;
            }
        }
        throw mustBe("hp", hpsAllowed, node);
    }

    private int iepoch() throws QueryJson.BadLine
    {
        final QueryJson.Node node = request.get("iepoch");
        if (node == null || node.kind == QueryJson.NULL)
        {
            return -1;
        }
        final int e = int32("iepoch", node, "an epoch (a 32-bit integer) or null");
        if (e < 0)
        {
            throw new NasmapQueryException("invalid iepoch=" + e);
        }
        return e;
    }

    private SeedChoice choice(final boolean defaultRandom) throws QueryJson.BadLine
    {
        final QueryJson.Node node = request.get("is_random");
        if (node == null || node.kind == QueryJson.NULL)
        {
            return defaultRandom ? SeedChoice.random(random) : SeedChoice.mean();
        }
        if (node.kind == QueryJson.TRUE || node.kind == QueryJson.FALSE)
        {
            return node.kind == QueryJson.TRUE ? SeedChoice.random(random) : SeedChoice.mean();
        }
        return SeedChoice.seed(int32("is_random", node, "true, false, null or a seed (a 32-bit integer)"));
    }

    private double optionalNumber(final String name) throws QueryJson.BadLine
    {
        final QueryJson.Node node = request.get(name);
        if (node == null || node.kind == QueryJson.NULL)
        {
            return Double.NaN;
        }
        if (node.kind != QueryJson.NUMBER)
        {
            throw mustBe(name, "a number or null", node);
        }
        return Double.parseDouble(node.text);
    }
}
