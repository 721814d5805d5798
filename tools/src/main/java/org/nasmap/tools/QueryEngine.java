package org.nasmap.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.Map;
import java.util.SplittableRandom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Split;
import org.nasmap.reader.CostInfo;
import org.nasmap.reader.Metrics;
import org.nasmap.reader.MoreInfo;
import org.nasmap.reader.NasBench;
import org.nasmap.reader.NasmapQueryException;
import org.nasmap.reader.SeedChoice;
import org.nasmap.reader.SimulationResult;

/**
 * The {@code nasmap query} protocol: one JSON object per input line, one JSON object per output line,
 * in order. Field names and meanings follow upstream's API; a line that cannot be answered gets
 * {@code {"error": "<message>"}} and the stream goes on. Uses jackson-core's streaming parser and
 * generator only, to keep the command's cold start short.
 */
public final class QueryEngine
{
    private static final JsonFactory JSON = new JsonFactory();

    private final NasBench bench;
    private final SplittableRandom random;
    private final Metrics metrics = new Metrics();
    private final MoreInfo moreInfo = new MoreInfo();
    private final CostInfo costInfo = new CostInfo();
    private final SimulationResult simulation = new SimulationResult();
    private final double[] best = new double[1];
    private final Request request = new Request();

    /**
     * @param bench      the open benchmark.
     * @param randomSeed seed of the generator behind {@code is_random: true}.
     */
    public QueryEngine(final NasBench bench, final long randomSeed)
    {
        this.bench = bench;
        this.random = new SplittableRandom(randomSeed);
    }

    /** Answers every line of {@code in} on {@code out}; returns the number of lines answered. */
    public long run(final BufferedReader in, final Writer out) throws IOException
    {
        long n = 0;
        final StringWriter line = new StringWriter(256);
        String text;
        while ((text = in.readLine()) != null)
        {
            if (text.isBlank())
            {
                continue;
            }
            line.getBuffer().setLength(0);
            answer(text, line);
            out.write(line.getBuffer().toString());
            out.write('\n');
            n++;
        }
        out.flush();
        return n;
    }

    /** Answers one request line into {@code out} (one JSON object, no newline). */
    public void answer(final String text, final Writer out) throws IOException
    {
        final StringWriter buffer = new StringWriter(256);
        String error = null;
        try (JsonGenerator g = JSON.createGenerator(buffer))
        {
            request.parse(text);
            dispatch(g);
        }
        catch (final IOException e)
        {
            error = "bad request: " + e.getMessage();
        }
        catch (final RuntimeException e)
        {
            // NasmapQueryException, IllegalArgumentException (bad fields), NasmapFormatException (corrupt file)
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        if (error != null)
        {
            buffer.getBuffer().setLength(0);
            try (JsonGenerator g = JSON.createGenerator(buffer))
            {
                g.writeStartObject();
                g.writeStringField("error", error);
                g.writeEndObject();
            }
        }
        out.write(buffer.getBuffer().toString());
    }

    private void dispatch(final JsonGenerator g) throws IOException
    {
        final String op = request.string("op");
        if (op == null)
        {
            throw new IllegalArgumentException("missing 'op'");
        }
        switch (op)
        {
            case "len" ->
            {
                g.writeStartObject();
                g.writeNumberField("len", bench.size());
                g.writeEndObject();
            }
            case "arch" ->
            {
                final int index = request.requiredInt("index");
                final String arch = bench.arch(index);
                g.writeStartObject();
                g.writeStringField("arch", arch);
                g.writeEndObject();
            }
            case "query_index_by_arch" ->
            {
                final int index;
                if (request.isInt("arch"))
                {
                    index = bench.checkIndex(request.requiredInt("arch"));
                }
                else
                {
                    final String arch = request.string("arch");
                    if (arch == null)
                    {
                        throw new IllegalArgumentException("missing 'arch'");
                    }
                    index = bench.indexOf(arch);
                }
                g.writeStartObject();
                g.writeNumberField("index", index);
                g.writeEndObject();
            }
            case "get_more_info" -> getMoreInfo(g);
            case "get_metrics" -> getMetrics(g);
            case "get_cost_info" -> getCostInfo(g);
            case "get_latency" ->
            {
                final double latency = bench.getLatency(arch("index"), dataset(), hp());
                g.writeStartObject();
                g.writeFieldName("latency");
                number(g, latency);
                g.writeEndObject();
            }
            case "get_dataset_seeds" ->
            {
                final int[] seeds = bench.datasetSeeds(arch("index"), dataset(), hp());
                g.writeStartObject();
                g.writeArrayFieldStart("seeds");
                for (final int s : seeds)
                {
                    g.writeNumber(s);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            case "get_net_config" ->
            {
                final Map<String, Object> config = bench.netConfig(arch("index"), dataset());
                g.writeStartObject();
                for (final Map.Entry<String, Object> e : config.entrySet())
                {
                    if (e.getValue() instanceof Integer)
                    {
                        g.writeNumberField(e.getKey(), (Integer)e.getValue());
                    }
                    else
                    {
                        g.writeStringField(e.getKey(), String.valueOf(e.getValue()));
                    }
                }
                g.writeEndObject();
            }
            case "str2lists" ->
            {
                final java.util.List<java.util.List<org.nasmap.reader.TopologyCells.Edge>> nodes =
                    org.nasmap.reader.TopologyCells.str2lists(archString());
                g.writeStartObject();
                g.writeArrayFieldStart("lists");
                for (final java.util.List<org.nasmap.reader.TopologyCells.Edge> node : nodes)
                {
                    g.writeStartArray();
                    for (final org.nasmap.reader.TopologyCells.Edge e : node)
                    {
                        g.writeStartArray();
                        g.writeString(e.op());
                        g.writeNumber(e.input());
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            case "str2matrix" ->
            {
                final int[][] m = org.nasmap.reader.TopologyCells.str2matrix(archString());
                g.writeStartObject();
                g.writeArrayFieldStart("matrix");
                for (final int[] row : m)
                {
                    g.writeArray(row, 0, row.length);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            case "get_unique_str" ->
            {
                if (bench.space() != org.nasmap.format.Space.TOPOLOGY)
                {
                    throw new IllegalArgumentException("get_unique_str is defined for the topology space only");
                }
                final String unique = org.nasmap.reader.TopologyCells.uniqueStr(bench.arch(arch("index")));
                g.writeStartObject();
                g.writeStringField("unique_str", unique);
                g.writeEndObject();
            }
            case "simulate_train_eval" -> simulate(g);
            case "find_best" -> findBest(g);
            case "statistics" -> statistics(g);
            default -> throw new IllegalArgumentException("unknown op '" + op + "'");
        }
    }

    private void getMoreInfo(final JsonGenerator g) throws IOException
    {
        final int arch = arch("index");
        final Dataset dataset = dataset();
        final Hp hp = hp();
        final int iepoch = iepoch();
        final SeedChoice choice = choice(true);
        bench.getMoreInfo(arch, dataset, hp, iepoch, choice, moreInfo);
        g.writeStartObject();
        for (final MoreInfo.Block b : MoreInfo.Block.values())
        {
            if (moreInfo.has(b))
            {
                final String p = b.prefix();
                g.writeNumberField(p + "-loss", moreInfo.loss(b));
                g.writeNumberField(p + "-accuracy", moreInfo.accuracy(b));
                g.writeFieldName(p + "-per-time");
                number(g, moreInfo.perTime(b));
                g.writeFieldName(p + "-all-time");
                number(g, moreInfo.allTime(b));
            }
        }
        g.writeEndObject();
    }

    private void getMetrics(final JsonGenerator g) throws IOException
    {
        final int arch = arch("index");
        final Dataset dataset = dataset();
        final Hp hp = hp();
        final String setname = request.string("setname");
        final Split split = setname == null ? null : Split.fromUpstream(setname);
        if (split == null)
        {
            throw new IllegalArgumentException("unknown setname '" + setname + "'");
        }
        bench.getMetrics(arch, dataset, hp, split, iepoch(), choice(false), metrics);
        g.writeStartObject();
        g.writeNumberField("iepoch", metrics.iepoch());
        g.writeNumberField("loss", metrics.loss());
        g.writeNumberField("accuracy", metrics.accuracy());
        g.writeFieldName("cur_time");
        number(g, metrics.curTime());
        g.writeFieldName("all_time");
        number(g, metrics.allTime());
        g.writeEndObject();
    }

    private void getCostInfo(final JsonGenerator g) throws IOException
    {
        bench.getCostInfo(arch("index"), dataset(), hp(), costInfo);
        g.writeStartObject();
        g.writeNumberField("flops", costInfo.flops());
        g.writeNumberField("params", costInfo.params());
        g.writeFieldName("latency");
        number(g, costInfo.latency());
        for (final Split s : Split.values())
        {
            if (costInfo.hasTimes(s))
            {
                g.writeFieldName("T-" + s.upstreamName() + "@epoch");
                number(g, costInfo.epochTime(s));
                g.writeFieldName("T-" + s.upstreamName() + "@total");
                number(g, costInfo.totalTime(s));
            }
        }
        g.writeEndObject();
    }

    private void simulate(final JsonGenerator g) throws IOException
    {
        final int arch = arch("arch");
        final Dataset dataset = dataset();
        final Hp hp = hp();
        final int iepoch = iepoch();
        final SeedChoice choice = request.has("seed") && !request.isNull("seed") ?
            SeedChoice.seed(request.requiredInt("seed")) : SeedChoice.random(random);
        bench.simulateTrainEval(arch, dataset, hp, iepoch, choice, simulation);
        g.writeStartObject();
        g.writeNumberField("valid_accuracy", simulation.validAccuracy());
        g.writeFieldName("latency");
        number(g, simulation.latency());
        g.writeNumberField("time_cost", simulation.timeCost());
        g.writeEndObject();
    }

    private void findBest(final JsonGenerator g) throws IOException
    {
        final Dataset dataset = dataset();
        final String set = request.string("metric_on_set");
        if (set == null)
        {
            throw new IllegalArgumentException("missing 'metric_on_set'");
        }
        final double flopMax = request.optionalDouble("flop_max");
        final double paramMax = request.optionalDouble("param_max");
        final int index = bench.findBest(dataset, set, flopMax, paramMax, hp(), best);
        g.writeStartObject();
        g.writeNumberField("index", index);
        g.writeFieldName("accuracy");
        number(g, index < 0 ? Double.NaN : best[0]);
        g.writeEndObject();
    }

    private void statistics(final JsonGenerator g) throws IOException
    {
        final int[] counts = bench.statistics(dataset(), hp());
        g.writeStartObject();
        g.writeObjectFieldStart("counts");
        for (int i = 0; i < counts.length; i++)
        {
            if (counts[i] != 0)
            {
                g.writeNumberField(Integer.toString(i), counts[i]);
            }
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /** NaN stands for upstream's None. */
    private static void number(final JsonGenerator g, final double v) throws IOException
    {
        if (v != v)
        {
            g.writeNull();
        }
        else
        {
            g.writeNumber(v);
        }
    }

    // -------------------------------------------------------------------------------------------- fields

    private int arch(final String primary) throws IOException
    {
        final String key = request.has(primary) ? primary : request.has("index") ? "index" : "arch";
        if (!request.has(key))
        {
            throw new IllegalArgumentException("missing 'index' or 'arch'");
        }
        if (request.isInt(key))
        {
            return bench.checkIndex(request.requiredInt(key));
        }
        final String s = request.string(key);
        if (s == null)
        {
            throw new IllegalArgumentException("'" + key + "' must be an integer or an architecture string");
        }
        final int index = bench.indexOf(s);
        if (index < 0)
        {
            throw new NasmapQueryException("architecture '" + s + "' is not in the search space");
        }
        return index;
    }

    /** The architecture string of a request: {@code arch} as a string, or {@code index}/{@code arch} as an index. */
    private String archString() throws IOException
    {
        final String s = request.string("arch");
        return s != null ? s : bench.arch(arch("index"));
    }

    private Dataset dataset()
    {
        final String name = request.string("dataset");
        final Dataset d = name == null ? null : Dataset.fromUpstream(name);
        if (d == null)
        {
            throw new IllegalArgumentException("unknown dataset '" + name + "'");
        }
        return d;
    }

    private Hp hp()
    {
        if (!request.has("hp") || request.isNull("hp"))
        {
            return Hp.H12;
        }
        final Hp hp = request.isInt("hp") ? Hp.ofEpochs(request.requiredInt("hp")) : Hp.fromUpstream(request.string("hp"));
        if (hp == null)
        {
            throw new IllegalArgumentException("unknown hp '" + request.raw("hp") + "'");
        }
        return hp;
    }

    private int iepoch()
    {
        if (!request.has("iepoch") || request.isNull("iepoch"))
        {
            return -1;
        }
        final int e = request.requiredInt("iepoch");
        if (e < 0)
        {
            throw new NasmapQueryException("invalid iepoch=" + e);
        }
        return e;
    }

    private SeedChoice choice(final boolean defaultRandom)
    {
        if (!request.has("is_random") || request.isNull("is_random"))
        {
            return defaultRandom ? SeedChoice.random(random) : SeedChoice.mean();
        }
        if (request.isBoolean("is_random"))
        {
            return request.bool("is_random") ? SeedChoice.random(random) : SeedChoice.mean();
        }
        return SeedChoice.seed(request.requiredInt("is_random"));
    }

    /** One parsed request: a flat map of field name to scalar value. */
    static final class Request
    {
        private final java.util.HashMap<String, Object> fields = new java.util.HashMap<>();
        private static final Object NULL = new Object();

        void parse(final String text) throws IOException
        {
            fields.clear();
            try (JsonParser p = JSON.createParser(text))
            {
                if (p.nextToken() != JsonToken.START_OBJECT)
                {
                    throw new IOException("a request is a JSON object");
                }
                JsonToken t;
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME)
                {
                    final String name = p.currentName();
                    final JsonToken v = p.nextToken();
                    final Object value = switch (v)
                    {
                        case VALUE_STRING -> p.getText();
                        case VALUE_NUMBER_INT -> p.getNumberValue() instanceof Integer || p.getNumberValue() instanceof Long ?
                            (Object)p.getLongValue() : (Object)p.getDecimalValue();
                        case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                        case VALUE_TRUE -> Boolean.TRUE;
                        case VALUE_FALSE -> Boolean.FALSE;
                        case VALUE_NULL -> NULL;
                        default ->
                        {
                            p.skipChildren();
                            yield v.toString();
                        }
                    };
                    fields.put(name, value);
                }
                if (t != JsonToken.END_OBJECT)
                {
                    throw new IOException("malformed request object");
                }
            }
        }

        boolean has(final String name)
        {
            return fields.containsKey(name);
        }

        boolean isNull(final String name)
        {
            return fields.get(name) == NULL;
        }

        boolean isInt(final String name)
        {
            return fields.get(name) instanceof Long || fields.get(name) instanceof java.math.BigDecimal;
        }

        boolean isBoolean(final String name)
        {
            return fields.get(name) instanceof Boolean;
        }

        boolean bool(final String name)
        {
            return (Boolean)fields.get(name);
        }

        Object raw(final String name)
        {
            return fields.get(name);
        }

        String string(final String name)
        {
            final Object v = fields.get(name);
            return v instanceof String ? (String)v : null;
        }

        int requiredInt(final String name)
        {
            final Object v = fields.get(name);
            if (v instanceof Long)
            {
                final long l = (Long)v;
                if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)
                {
                    throw new NasmapQueryException("'" + name + "' = " + l + " is out of range");
                }
                return (int)l;
            }
            if (v instanceof java.math.BigDecimal)
            {
                throw new NasmapQueryException("'" + name + "' = " + v + " is out of range");
            }
            throw new IllegalArgumentException("'" + name + "' must be an integer, not " + describe(v));
        }

        double optionalDouble(final String name)
        {
            final Object v = fields.get(name);
            if (v == null || v == NULL)
            {
                return Double.NaN;
            }
            if (v instanceof Long)
            {
                return (Long)v;
            }
            if (v instanceof Double)
            {
                return (Double)v;
            }
            if (v instanceof java.math.BigDecimal)
            {
                return ((java.math.BigDecimal)v).doubleValue();
            }
            throw new IllegalArgumentException("'" + name + "' must be a number or null, not " + describe(v));
        }

        private static String describe(final Object v)
        {
            return v == null ? "missing" : v == NULL ? "null" : v.getClass().getSimpleName() + " " + v;
        }
    }
}
