package org.nasmap.tools;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Space;
import org.nasmap.reader.NasBench;
import org.nasmap.search.ArchEncoding;
import org.nasmap.search.GeneIndex;
import org.nasmap.search.RandomSearch;
import org.nasmap.search.RegularizedEvolution;
import org.nasmap.search.Reinforce;
import org.nasmap.search.SearchContext;
import org.nasmap.search.SearchRunner;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The search baselines over a synthetic space: budgets hold, results repeat, and the encodings round-trip. */
class SearchTest
{
    @TempDir
    static Path dir;
    static NasBench tss;
    static NasBench sss;

    @BeforeAll
    static void build() throws IOException
    {
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, 2_000, 5), dir.resolve("tss.nasmap"), null);
        NasmapWriter.convert(new SyntheticSource(Space.SIZE, 1_000, 5), dir.resolve("sss.nasmap"), null);
        tss = NasBench.open(dir.resolve("tss.nasmap"));
        sss = NasBench.open(dir.resolve("sss.nasmap"));
    }

    @AfterAll
    static void close()
    {
        tss.close();
        sss.close();
    }

    @Test
    void encodingsRoundTripEveryArchitecture()
    {
        for (final NasBench b : new NasBench[] {tss, sss})
        {
            final ArchEncoding e = ArchEncoding.of(b.space());
            final int[] genes = new int[e.positions()];
            final StringBuilder sb = new StringBuilder();
            for (int i = 0; i < b.size(); i++)
            {
                final String arch = b.arch(i);
                assertTrue(e.parse(arch, genes), arch);
                sb.setLength(0);
                assertEquals(arch, e.append(genes, sb).toString());
                assertEquals(i, b.indexOf(sb));
            }
            assertFalse(e.parse("garbage", genes));
        }
    }

    @Test
    void runsStayWithinBudgetAndRepeat()
    {
        for (final NasBench b : new NasBench[] {tss, sss})
        {
            for (final Dataset d : new Dataset[] {Dataset.CIFAR10, Dataset.CIFAR100})
            {
                final SearchRunner.Summary rs = SearchRunner.run(b, RandomSearch::new, d, Hp.H12, 20_000, 5, 1, null);
                final SearchRunner.Summary rea = SearchRunner.run(b, () -> new RegularizedEvolution(10, 3), d, Hp.H12,
                    20_000, 5, 1, null);
                final SearchRunner.Summary rl = SearchRunner.run(b, () -> new Reinforce(0.5, 0.9), d, Hp.H12, 20_000, 5, 1, null);
                for (final SearchRunner.Summary s : new SearchRunner.Summary[] {rs, rea, rl})
                {
                    assertTrue(s.queries() > 5, s.toString());
                    assertTrue(s.meanUsedTime() <= 20_000 && s.meanUsedTime() > 10_000, s.toString());
                    assertFalse(Double.isNaN(s.meanTest()), s.toString());
                    assertTrue(s.bestArch() >= 0 && b.file().holds(s.bestArch()));
                }
                final SearchRunner.Summary again = SearchRunner.run(b, () -> new RegularizedEvolution(10, 3), d, Hp.H12,
                    20_000, 5, 1, null);
                assertEquals(rea.meanTest(), again.meanTest(), "same seeds, same result");
                assertEquals(rea.bestArch(), again.bestArch());
            }
        }
    }

    @Test
    void contextCountsOnlyHeldArchitectures()
    {
        final SearchContext c = new SearchContext(tss, Dataset.CIFAR10, Hp.H12, 1e9, 3);
        final int[] genes = new int[6];
        int held = 0;
        int missing = 0;
        for (int i = 0; i < 500; i++)
        {
            c.randomGenes(genes);
            if (Double.isNaN(c.evaluate(genes)))
            {
                missing++;
            }
            else
            {
                held++;
            }
        }
        assertEquals(held, c.queries());
        assertTrue(missing > 300 && held > 20, held + " held, " + missing + " missing of 500 (2000 of 15625 held)");
    }

    @Test
    void geneIndexFindsEveryArchitecture()
    {
        for (final NasBench b : new NasBench[] {tss, sss})
        {
            final GeneIndex index = new GeneIndex(b);
            final int[] genes = new int[index.encoding().positions()];
            for (int i = 0; i < b.size(); i++)
            {
                assertTrue(index.encoding().parse(b.arch(i), genes));
                assertEquals(i, index.indexOf(genes), b.arch(i));
            }
        }
    }

    @Test
    void rateIsMeasuredOverWholeRunsAfterAWarmUp()
    {
        final SearchRunner.Rate r = SearchRunner.rate(tss, new GeneIndex(tss), () -> new RegularizedEvolution(10, 3),
            Dataset.CIFAR10, Hp.H12, 20_000, 3_000, 10_000, 1);
        assertTrue(r.warmupQueries() >= 3_000, r.toString());
        assertTrue(r.queries() >= 10_000 && r.runs() >= 2, r.toString());
        // the timed runs are whole runs: their queries are what the same seeds make in SearchRunner.run
        final SearchRunner.Summary warm = SearchRunner.run(tss, () -> new RegularizedEvolution(10, 3), Dataset.CIFAR10,
            Hp.H12, 20_000, 1_000, 1, null);
        assertTrue(warm.queries() > r.queries() + r.warmupQueries(), "1,000 runs make more queries than the measured ones");
        assertEquals("regularized evolution (P=10, S=3)", r.algorithm());
        assertTrue(r.perSecond() > 0 && Double.isFinite(r.perSecond()));
    }
}
