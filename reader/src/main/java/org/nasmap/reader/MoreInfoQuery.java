package org.nasmap.reader;

import java.util.random.RandomGenerator;

import org.agrona.UnsafeApi;

import org.nasmap.format.Dataset;
import org.nasmap.format.GroupAnswersDecoder;
import org.nasmap.format.GroupDecoder;
import org.nasmap.format.Hp;
import org.nasmap.format.Space;
import org.nasmap.format.Split;

import static org.nasmap.reader.QueryErrors.OK;
import static org.nasmap.reader.QueryErrors.error;

/**
 * Upstream's {@code get_more_info} ({@code ArchResults.get_metrics} per block: train, then the eval splits the
 * dataset has, a block left out where its split raises, as upstream does). The mean at the last epoch is read from
 * the group's GROUP_ANSWERS entry where the file has one; one seed's answer at the last epoch from that trial's
 * TRIAL_FINALS entry where the group's {@code LAST_OK} bits say no trial raises; anything else is evaluated trial by
 * trial through {@link TrainEvalResults#metrics}. Allocation-free; immutable.
 */
final class MoreInfoQuery
{
    private final NasmapFile file;
    private final Groups groups;
    private final TrainEvalResults results;
    /** False for the verifier: every answer computed trial by trial, to check the derived data against. */
    private final boolean derived;

    MoreInfoQuery(final NasmapFile file, final Groups groups, final TrainEvalResults results, final boolean derived)
    {
        this.file = file;
        this.groups = groups;
        this.results = results;
        this.derived = derived;
    }

    /** Upstream's {@code get_more_info(index, dataset, iepoch, hp, is_random)}. */
    MoreInfo answer(final int arch, final Dataset dataset, final Hp hp, final int iepoch, final int kindIn,
        final int seedIn, final RandomGenerator random, final MoreInfo out, final Metrics m)
    {
        int kind = kindIn;
        int seed = seedIn;
        if (kind == SeedChoice.MEAN && iepoch < 0 && derived)
        {
            final long at = groups.answerAddress(arch, hp, dataset);
            if (at != 0 && meanFromAnswers(at, dataset, out))
            {
                return out;
            }
        }
        // one checked lookup of the group: upstream raises for an absent dataset whatever the seed choice
        final int g = groups.group(arch, hp, dataset);
        if (kind == SeedChoice.RANDOM)
        {
            final int n = file.groupSeedCount(g);
            if (n == 0)
            {
                throw new NasmapQueryException("Cannot choose from an empty sequence of seeds for architecture " + arch);
            }
            seed = file.seedAt(g, file.groupFirstTrial(g), random.nextInt(n));
            kind = SeedChoice.SEED;
        }
        out.clear();
        if (kind == SeedChoice.SEED && iepoch < 0 && derived && seedFromFinals(g, dataset, seed, out, m))
        {
            return out;
        }
        int status = results.metrics(g, Split.TRAIN, iepoch, kind, seed, null, true, m);
        if (status != OK)
        {
            throw error(status, arch, dataset, hp, Split.TRAIN, iepoch, seed);
        }
        final double total = m.iepoch + 1;
        if (!m.timeKnown && file.space() == Space.SIZE)
        {
            throw new NasmapQueryException("train times are None for architecture " + arch + " (upstream divides None)");
        }
        out.set(MoreInfo.Block.TRAIN, m, total);
        if (dataset == Dataset.CIFAR10_VALID)
        {
            status = results.metrics(g, Split.X_VALID, iepoch, kind, seed, null, true, m);
            if (status != OK)
            {
                throw error(status, arch, dataset, hp, Split.X_VALID, iepoch, seed);
            }
            out.set(MoreInfo.Block.VALID, m, total);
            if (results.metrics(g, Split.ORI_TEST, iepoch, kind, seed, null, true, m) == OK)
            {
                out.set(MoreInfo.Block.TEST, m, total);
            }
        }
        else
        {
            final Split testSplit = dataset == Dataset.CIFAR10 ? Split.ORI_TEST : Split.X_TEST;
            if (results.metrics(g, testSplit, iepoch, kind, seed, null, true, m) == OK)
            {
                out.set(MoreInfo.Block.TEST, m, total);
            }
            if (results.metrics(g, Split.X_VALID, iepoch, kind, seed, null, true, m) == OK)
            {
                out.set(MoreInfo.Block.VALID, m, total);
            }
            if (dataset != Dataset.CIFAR10 && results.metrics(g, Split.ORI_TEST, iepoch, kind, seed, null, true, m) == OK)
            {
                out.set(MoreInfo.Block.VALTEST, m, total);
            }
        }
        return out;
    }

    /**
     * {@code get_more_info(iepoch=None, is_random=seed)} from the chosen trial's TRIAL_FINALS entry, where the group's
     * LAST_OK bits say that no trial raises for the train split (and {@code cifar10-valid}'s x-valid): other
     * blocks are read from the entry where their split is LAST_OK too, else evaluated over the group.
     *
     * @return false, with {@code out} untouched, to leave the call to the trial-by-trial path (which raises).
     */
    private boolean seedFromFinals(final int g, final Dataset dataset, final int seed, final MoreInfo out,
        final Metrics m)
    {
        final int flags = file.groupFlags(g);
        if ((flags & GroupDecoder.lastOk(Split.TRAIN.code())) == 0 ||
            (dataset == Dataset.CIFAR10_VALID && (flags & GroupDecoder.lastOk(Split.X_VALID.code())) == 0))
        {
            return false;
        }
        final int first = file.groupFirstTrial(g);
        final int i = groups.position(g, first, file.groupSeedCount(g), seed);
        final int entry = i < 0 ? -1 : file.finalEntry(g, i);
        if (entry < 0)
        {
            return false;
        }
        final int shape = file.shapeAt(g, first, i);
        if (!file.timeKnown(shape, Split.TRAIN.code()) && file.space() == Space.SIZE)
        {
            return false;
        }
        final double total = file.shapeEpochs(shape);
        finalBlock(out, MoreInfo.Block.TRAIN, g, entry, shape, Split.TRAIN, seed, total, flags, m);
        if (dataset == Dataset.CIFAR10_VALID)
        {
            finalBlock(out, MoreInfo.Block.VALID, g, entry, shape, Split.X_VALID, seed, total, flags, m);
            finalBlock(out, MoreInfo.Block.TEST, g, entry, shape, Split.ORI_TEST, seed, total, flags, m);
        }
        else
        {
            finalBlock(out, MoreInfo.Block.TEST, g, entry, shape, dataset == Dataset.CIFAR10 ? Split.ORI_TEST : Split.X_TEST,
                seed, total, flags, m);
            finalBlock(out, MoreInfo.Block.VALID, g, entry, shape, Split.X_VALID, seed, total, flags, m);
            if (dataset != Dataset.CIFAR10)
            {
                finalBlock(out, MoreInfo.Block.VALTEST, g, entry, shape, Split.ORI_TEST, seed, total, flags, m);
            }
        }
        return true;
    }

    /** One block of {@link #seedFromFinals}: from the trial's entry when LAST_OK, else over the group. */
    private void finalBlock(final MoreInfo out, final MoreInfo.Block block, final int g, final int entry,
        final int shape, final Split split, final int seed, final double total, final int flags, final Metrics m)
    {
        final int s = split.code();
        if ((flags & GroupDecoder.lastOk(s)) != 0)
        {
            final boolean known = file.timeKnown(shape, s);
            out.set(block, file.finalLoss(entry, s), file.finalAccuracy(entry, s),
                known ? file.finalAllTime(entry, s) : Double.NaN, known, total);
        }
        else if (results.metrics(g, split, -1, SeedChoice.SEED, seed, null, true, m) == OK)
        {
            out.set(block, m, total);
        }
    }

    /**
     * {@code get_more_info(iepoch=None, is_random=False)} from the group's GROUP_ANSWERS entry at address {@code at}
     * ({@link Groups#answerAddress}: inside the section), its fields read without a check each.
     *
     * @return false, leaving {@code out} to the trial-by-trial path, when the entry is not present or the call
     * raises (that path raises the same error).
     */
    private boolean meanFromAnswers(final long at, final Dataset dataset, final MoreInfo out)
    {
        final int flags = UnsafeApi.getInt(null, at + GroupAnswersDecoder.FLAGS_OFFSET);
        final int need = GroupAnswersDecoder.FLAG_PRESENT | meanOk(Split.TRAIN) |
            (dataset == Dataset.CIFAR10_VALID ? meanOk(Split.X_VALID) : 0);
        if ((flags & need) != need || ((flags & timeKnown(Split.TRAIN)) == 0 && file.space() == Space.SIZE))
        {
            return false;
        }
        final double total = UnsafeApi.getInt(null, at + GroupAnswersDecoder.EPOCHS_OFFSET);
        out.clear();
        block(out, MoreInfo.Block.TRAIN, at, flags, Split.TRAIN, total);
        if (dataset == Dataset.CIFAR10_VALID)
        {
            block(out, MoreInfo.Block.VALID, at, flags, Split.X_VALID, total);
            block(out, MoreInfo.Block.TEST, at, flags, Split.ORI_TEST, total);
        }
        else
        {
            block(out, MoreInfo.Block.TEST, at, flags, dataset == Dataset.CIFAR10 ? Split.ORI_TEST : Split.X_TEST, total);
            block(out, MoreInfo.Block.VALID, at, flags, Split.X_VALID, total);
            if (dataset != Dataset.CIFAR10)
            {
                block(out, MoreInfo.Block.VALTEST, at, flags, Split.ORI_TEST, total);
            }
        }
        return true;
    }

    /** Sets a block from the entry when its split's mean does not raise (else upstream leaves the block out). */
    private static void block(final MoreInfo out, final MoreInfo.Block block, final long at, final int flags,
        final Split split, final double total)
    {
        if ((flags & meanOk(split)) != 0)
        {
            final long sp = at + GroupAnswersDecoder.splitField(split.code(), 0);
            out.set(block, UnsafeApi.getDouble(null, sp + GroupAnswersDecoder.LOSS_OFFSET),
                UnsafeApi.getDouble(null, sp + GroupAnswersDecoder.ACCURACY_OFFSET),
                UnsafeApi.getDouble(null, sp + GroupAnswersDecoder.ALL_TIME_OFFSET), (flags & timeKnown(split)) != 0, total);
        }
    }

    private static int meanOk(final Split split)
    {
        return 1 << (GroupAnswersDecoder.MEAN_OK_SHIFT + split.code());
    }

    private static int timeKnown(final Split split)
    {
        return 1 << (GroupAnswersDecoder.TIME_KNOWN_SHIFT + split.code());
    }
}
