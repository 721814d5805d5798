package org.nasmap.writer.source;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.nasmap.format.Hp;
import org.nasmap.format.Metric;
import org.nasmap.format.Space;
import org.nasmap.format.Split;
import org.nasmap.writer.pickle.PickleInput;
import org.nasmap.writer.pickle.PyTuple;
import org.nasmap.writer.pickle.Unpickler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decoder checks the schema of a record tree and its agreement with the meta list; trees are
 * the real sample of architecture 11, altered.
 */
class RecordDecoderTest
{
    private static List<String> meta() throws Exception
    {
        return Sources.open(SourcesTest.TSS).metaArchs();
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> tree(final Path dir, final int index) throws Exception
    {
        final Bz2.Buffer b = new Bz2.Buffer();
        Bz2.readFully(dir.resolve(NatsArchiveSource.expectedName(index)), Bz2.MAX_DECOMPRESSED, b);
        return (Map<Object, Object>)new Unpickler(PickleInput.of(b.data, 0, b.length, "x")).load();
    }

    @SuppressWarnings("unchecked")
    private static Map<Object, Object> map(final Object o)
    {
        return (Map<Object, Object>)o;
    }

    private static Map<Object, Object> state(final Map<Object, Object> tree, final String hp)
    {
        return map(tree.get(hp));
    }

    private static Map<Object, Object> trial(final Map<Object, Object> tree, final String hp, final String ds, final long seed)
    {
        return map(map(state(tree, hp).get("all_results")).get(new PyTuple(ds, seed)));
    }

    private static void assertFails(final List<String> meta, final Map<Object, Object> tree, final String... parts)
    {
        final SourceException ex = assertThrows(SourceException.class,
            () -> new RecordDecoder(Space.TOPOLOGY, meta, RecordDecoder.HpNaming.NATS).decode(11, tree, "f.pbz2"));
        for (final String p : parts)
        {
            assertTrue(ex.getMessage().contains(p), "'" + p + "' in: " + ex.getMessage());
        }
        assertTrue(ex.getMessage().contains("architecture 11") && ex.getMessage().contains("f.pbz2"), ex.getMessage());
    }

    @Test
    void archStrMustMatchTheMetaList() throws Exception
    {
        final List<String> meta = new ArrayList<>(meta());
        final String real = meta.get(11);
        meta.set(11, "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
        assertFails(meta, tree(SourcesTest.TSS, 11), "arch_str '" + real + "' disagrees with meta_archs[11] = '" + meta.get(11) + "'");
    }

    @Test
    void hpKeysDatasetsAndEvalNamesMustBeKnown() throws Exception
    {
        final List<String> meta = meta();
        Map<Object, Object> t = tree(SourcesTest.TSS, 11);
        t.put("13", t.remove("12"));
        assertFails(meta, t, "hp key '13' is not one of");

        t = tree(SourcesTest.TSS, 11);
        t.put("90", t.remove("12"));
        assertFails(meta, t, "hp 90 does not belong to the tss space");

        t = tree(SourcesTest.TSS, 11);
        map(state(t, "12").get("dataset_seed")).put("mnist", List.of(777L));
        assertFails(meta, t, "dataset 'mnist' is not one of");

        t = tree(SourcesTest.TSS, 11);
        trial(t, "200", "cifar10", 888).put("eval_names", List.of("valid"));
        assertFails(meta, t, "hp 200, cifar10, seed 888", "eval name 'valid' is not x-valid, x-test or ori-test");

        t = tree(SourcesTest.TSS, 11);
        final Map<Object, Object> acc = map(trial(t, "12", "cifar100", 111).get("eval_acc1es"));
        acc.put("x-valid@twelve", 1.0);
        assertFails(meta, t, "eval_acc1es has key 'x-valid@twelve'");

        t = tree(SourcesTest.TSS, 11);
        trial(t, "12", "cifar10", 111).put("flop", "113");
        assertFails(meta, t, "flop holds '113' (str), not a number");

        t = tree(SourcesTest.TSS, 11);
        state(t, "200").put("arch_index", 12L);
        assertFails(meta, t, "arch_index 12 disagrees with index 11");
    }

    @Test
    void everyListedSeedMustHaveResults() throws Exception
    {
        final Map<Object, Object> t = tree(SourcesTest.TSS, 11);
        map(state(t, "200").get("dataset_seed")).put("cifar10", List.of(777L, 555L));
        assertFails(meta(), t, "all_results has no entry ('cifar10', 555) although dataset_seed lists it");
    }

    @Test
    void nb201NamesHpsLessAndFull() throws Exception
    {
        final Map<Object, Object> nats = tree(SourcesTest.TSS, 11);
        final Map<Object, Object> nb201 = new LinkedHashMap<>();
        nb201.put("less", nats.get("12"));
        nb201.put("full", nats.get("200"));
        final ArchRecord r = new RecordDecoder(Space.TOPOLOGY, meta(), RecordDecoder.HpNaming.NB201).decode(11, nb201, "x.pth");
        assertEquals(List.of(Hp.H12, Hp.H200), List.of(r.hps().get(0).hp(), r.hps().get(1).hp()));
        nb201.put("half", nb201.remove("full"));
        final SourceException ex = assertThrows(SourceException.class,
            () -> new RecordDecoder(Space.TOPOLOGY, meta(), RecordDecoder.HpNaming.NB201).decode(11, nb201, "x.pth"));
        assertTrue(ex.getMessage().contains("hp key 'half' is not 'less' or 'full'"), ex.getMessage());
    }

    @Test
    void raggedSeriesNonesAndOrderAreKept() throws Exception
    {
        final Map<Object, Object> t = tree(SourcesTest.TSS, 11);
        // reverse a train dict: the series comes out sorted anyway
        final Map<Object, Object> trial = trial(t, "12", "cifar10", 111);
        final List<Map.Entry<Object, Object>> entries = new ArrayList<>(map(trial.get("train_losses")).entrySet());
        final Map<Object, Object> reversed = new LinkedHashMap<>();
        for (int i = entries.size() - 1; i >= 0; i--)
        {
            reversed.put(entries.get(i).getKey(), entries.get(i).getValue());
        }
        trial.put("train_losses", reversed);
        trial.put("latency", null);
        trial.put("eval_times", new LinkedHashMap<>());
        final ArchRecord r = new RecordDecoder(Space.TOPOLOGY, meta(), RecordDecoder.HpNaming.NATS).decode(11, t, "f");
        final TrialRecord c10 = r.hp(Hp.H12).datasets().get(1).trials().get(0);
        assertEquals(111, c10.seed());
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, c10.series(Split.TRAIN, Metric.LOSS).epochs());
        assertEquals(entries.get(0).getValue(), c10.series(Split.TRAIN, Metric.LOSS).valueAt(0));
        assertNull(c10.latency());
        assertTrue(c10.evalTimesEmpty());
        assertNull(c10.series(Split.ORI_TEST, Metric.TIME));
        // hp 200: ori-test accuracy only at the last epoch, times at every epoch, no top-5
        final TrialRecord valid = r.hp(Hp.H200).datasets().get(0).trials().get(0);
        assertEquals(777, valid.seed());
        assertArrayEquals(new int[]{199}, valid.series(Split.ORI_TEST, Metric.ACCURACY).epochs());
        assertTrue(valid.series(Split.ORI_TEST, Metric.TIME).isDense(200));
        assertTrue(valid.series(Split.X_VALID, Metric.ACCURACY).isDense(200));
        assertNull(valid.series(Split.TRAIN, Metric.TOP5));
        assertFalse(valid.evalTimesEmpty());
        assertEquals((1 << Split.X_VALID.ordinal()) | (1 << Split.ORI_TEST.ordinal()), valid.evalMask());
        // seeds in dataset_seed order, which is not sorted for hp 12 cifar10-valid: [111, 777]
        assertEquals(List.of(111, 777), List.of(r.hp(Hp.H12).datasets().get(0).trials().get(0).seed(),
            r.hp(Hp.H12).datasets().get(0).trials().get(1).seed()));
        final ArchConfig cfg = valid.config();
        assertEquals(new ArchConfig(false, 10, 16, 5, meta().get(11), null, null), cfg);
    }

    @Test
    void sizeSpaceConfigIsTheShapeOne() throws Exception
    {
        final List<String> meta = Sources.open(SourcesTest.SSS).metaArchs();
        final ArchRecord r = new RecordDecoder(Space.SIZE, meta, RecordDecoder.HpNaming.NATS).decode(284, tree(SourcesTest.SSS, 284), "f");
        assertEquals(List.of(Hp.H01, Hp.H12, Hp.H90), List.of(r.hps().get(0).hp(), r.hps().get(1).hp(), r.hps().get(2).hp()));
        final ArchConfig c = r.hp(Hp.H90).datasets().get(0).trials().get(0).config();
        assertEquals(new ArchConfig(true, 10, 0, 0, null, "8:8:40:32:40",
            "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"), c);
    }
}
