package org.nasmap.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.Split;
import org.nasmap.reader.NasBench;
import org.nasmap.reader.NasmapQueryException;
import org.nasmap.reader.SeedChoice;
import org.nasmap.reader.SimulationResult;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The random inputs of every workload, drawn once at setup from a fixed seed (so every implementation's fork
 * answers the same {@value #SIZE} questions in the same order) and checked against the file: every tuple is
 * one the reader answers without an error. Measured methods only index these arrays.
 */
@State(Scope.Benchmark)
public class Inputs
{
    /** Tuples per workload. */
    public static final int SIZE = 1 << 16;
    /** {@code i & MASK} walks the tuples. */
    public static final int MASK = SIZE - 1;
    private static final long SEED = 0x5EED_2026L;

    /** The datasets that have an x-valid split. */
    static final Dataset[] VALID_DATASETS = {Dataset.CIFAR10_VALID, Dataset.CIFAR100, Dataset.IMAGENET16_120};
    /** The datasets {@code simulate_train_eval} takes. */
    static final Dataset[] SIM_DATASETS = {Dataset.CIFAR10, Dataset.CIFAR100, Dataset.IMAGENET16_120};
    /** The topology space's hp. */
    static final Hp[] HPS = {Hp.H12, Hp.H200};

    /** The full file. */
    public Path file;

    // finalAccuracy: random architecture, dataset with x-valid, hp; x-valid at the last epoch, mean over seeds
    public int[] faArch;
    public Dataset[] faDataset;
    public Hp[] faHp;
    /** Byte offset in the file of the answer (the FINAL_MEANS element). */
    public int[] faFileOffset;

    // epochMetric: random architecture, dataset, hp, seed, epoch and an existing (split, metric) there
    public int[] emArch;
    public Dataset[] emDataset;
    public Hp[] emHp;
    public Split[] emSplit;
    public Metric[] emMetric;
    public int[] emEpoch;
    public int[] emSeed;
    /** The cached {@link SeedChoice} of {@link #emSeed}. */
    public SeedChoice[] emChoice;
    /** Index in the VALUES section of the answer. */
    public int[] emValueIndex;
    /** Byte offset in the file of the answer. */
    public int[] emFileOffset;
    /** Byte offset in the file of the GROUP entry's inline first-value index of the seed's position, and the
     * answer's index relative to the trial's first value: the two dependent reads of the layout, for
     * {@code mappedChain}. */
    public int[] emGroupOffset;
    public int[] emSeedPosition;
    public int[] emRelativeIndex;
    /** Byte offsets in the file of the TRIALS and VALUES sections. */
    public int trialValuesBase;
    public int valuesBase;

    // moreInfo and costInfo: random architecture and dataset, hp 200, last epoch, mean over seeds
    public int[] miArch;
    public Dataset[] miDataset;

    // simulate: random architecture, dataset of simulate_train_eval, hp; last epoch; random seed (replayed)
    public int[] siArch;
    public Dataset[] siDataset;
    public Hp[] siHp;

    // indexOf: random architecture strings (distinct String objects) and their indexes
    public String[] ixArch;
    public int[] ixIndex;

    @Setup(Level.Trial)
    public void setup() throws IOException
    {
        file = BenchFiles.fullFile();
        try (NasBench nb = NasBench.open(file); RawLayout raw = new RawLayout(file))
        {
            generate(nb, raw);
        }
    }

    /** Draws every workload's tuples for the file of {@code nb}. */
    public void generate(final NasBench nb, final RawLayout raw)
    {
        final SplittableRandom r = new SplittableRandom(SEED);
        final int archs = nb.size();
        final SeedChoice[] choices = new SeedChoice[1000];

        faArch = new int[SIZE];
        faDataset = new Dataset[SIZE];
        faHp = new Hp[SIZE];
        faFileOffset = new int[SIZE];
        for (int i = 0; i < SIZE; i++)
        {
            faArch[i] = r.nextInt(archs);
            faDataset[i] = VALID_DATASETS[r.nextInt(VALID_DATASETS.length)];
            faHp[i] = HPS[r.nextInt(HPS.length)];
            final double v = nb.finalAccuracy(faArch[i], faDataset[i], faHp[i], Split.X_VALID);
            faFileOffset[i] = Math.toIntExact(raw.finalMeanFileOffset(faArch[i], faHp[i], faDataset[i],
                Split.X_VALID.ordinal()));
            if (raw.buffer().getDouble(faFileOffset[i]) != v)
            {
                throw new IllegalStateException("reader and raw layout disagree on the final accuracy of " + faArch[i]);
            }
        }

        emArch = new int[SIZE];
        emDataset = new Dataset[SIZE];
        emHp = new Hp[SIZE];
        emSplit = new Split[SIZE];
        emMetric = new Metric[SIZE];
        emEpoch = new int[SIZE];
        emSeed = new int[SIZE];
        emChoice = new SeedChoice[SIZE];
        emValueIndex = new int[SIZE];
        emFileOffset = new int[SIZE];
        emGroupOffset = new int[SIZE];
        emSeedPosition = new int[SIZE];
        emRelativeIndex = new int[SIZE];
        trialValuesBase = Math.toIntExact(raw.trialValuesFileOffset(0));
        valuesBase = Math.toIntExact(raw.valuesOffset());
        for (int i = 0; i < SIZE; )
        {
            final int arch = r.nextInt(archs);
            final Dataset d = Dataset.ofOrdinal(r.nextInt(Dataset.count()));
            final Hp hp = HPS[r.nextInt(HPS.length)];
            final int pos = r.nextInt(nb.seedCount(arch, d, hp));
            final int trial = raw.trial(arch, hp, d, pos);
            final int epoch = r.nextInt(raw.epochs(trial));
            for (int attempt = 0; attempt < 64; attempt++)
            {
                final Split s = Split.ofOrdinal(r.nextInt(Split.count()));
                final Metric m = Metric.ofOrdinal(r.nextInt(Metric.count()));
                final long index = raw.valueIndex(trial, s.ordinal(), m.ordinal(), epoch);
                if (index < 0)
                {
                    continue;
                }
                final int seed = raw.seed(trial);
                if (choices[seed] == null)
                {
                    choices[seed] = SeedChoice.seed(seed);
                }
                final double v = nb.metric(arch, d, hp, s, m, epoch, choices[seed]);
                if (v != raw.value(index))
                {
                    throw new IllegalStateException("reader and raw layout disagree at " + arch + "/" + d + "/" + hp +
                        "/" + seed + "/" + s + "/" + m + "@" + epoch + ": " + v + " vs " + raw.value(index));
                }
                emArch[i] = arch;
                emDataset[i] = d;
                emHp[i] = hp;
                emSplit[i] = s;
                emMetric[i] = m;
                emEpoch[i] = epoch;
                emSeed[i] = seed;
                emChoice[i] = choices[seed];
                emValueIndex[i] = Math.toIntExact(index);
                emFileOffset[i] = Math.toIntExact(raw.valueFileOffset(index));
                emGroupOffset[i] = Math.toIntExact(raw.groupValuesFileOffset(arch, hp, d, pos));
                emSeedPosition[i] = pos;
                emRelativeIndex[i] = Math.toIntExact(index - raw.trialValues(trial));
                i++;
                break;
            }
        }

        miArch = new int[SIZE];
        miDataset = new Dataset[SIZE];
        for (int i = 0; i < SIZE; i++)
        {
            miArch[i] = r.nextInt(archs);
            miDataset[i] = Dataset.ofOrdinal(r.nextInt(Dataset.count()));
        }

        siArch = new int[SIZE];
        siDataset = new Dataset[SIZE];
        siHp = new Hp[SIZE];
        final SimulationResult sim = new SimulationResult();
        for (int i = 0; i < SIZE; )
        {
            siArch[i] = r.nextInt(archs);
            siDataset[i] = SIM_DATASETS[r.nextInt(SIM_DATASETS.length)];
            siHp[i] = HPS[r.nextInt(HPS.length)];
            try
            {
                nb.simulateTrainEval(siArch[i], siDataset[i], siHp[i], -1, SeedChoice.mean(), sim);
                i++;
            }
            catch (final NasmapQueryException e)
            {
                // draw again: the step would raise upstream too
            }
        }

        ixArch = new String[SIZE];
        ixIndex = new int[SIZE];
        for (int i = 0; i < SIZE; i++)
        {
            ixIndex[i] = r.nextInt(archs);
            ixArch[i] = nb.arch(ixIndex[i]);
        }
    }

    /** @return a fresh replaying generator for the random seed choices (same sequence in every fork). */
    public static ReplayRandom replay()
    {
        return new ReplayRandom(SIZE, SEED + 1);
    }
}
