package org.nasmap.writer.pickle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nasmap.writer.pickle.Opcodes.*;
import static org.nasmap.writer.pickle.PickleBytes.proto;

/**
 * Tensors saved by torch 1.13 (src/test/python/make_fixtures.py) in both serializations become
 * plain Java values rebuilt from the file's own storages; hostile zip members and storage ids are
 * refused.
 */
class TorchFileTest
{
    static Path resource(final String name) throws Exception
    {
        return Path.of(TorchFileTest.class.getResource("/" + name).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"torch/tensors-legacy.pth", "torch/tensors-zip.pth"})
    void tensorsBecomeRowMajorDoubles(final String name) throws Exception
    {
        final TorchFile f = TorchFile.open(resource(name));
        assertEquals(name.contains("zip") ? TorchFile.Format.ZIP : TorchFile.Format.LEGACY, f.format());
        final Map<?, ?> t = (Map<?, ?>)f.load(null, null);
        final double[] base = new double[12];
        for (int i = 0; i < 12; i++)
        {
            base[i] = i * 0.5 - 1.25;
        }
        assertArrayEquals(base, (double[])t.get("f32"));
        final double[] transposed = new double[12];
        for (int r = 0; r < 4; r++)
        {
            for (int c = 0; c < 3; c++)
            {
                transposed[r * 3 + c] = base[c * 4 + r];
            }
        }
        assertArrayEquals(transposed, (double[])t.get("f32_t"), "non-contiguous strides");
        assertArrayEquals(new double[]{0.75, 1.25, 1.75, 2.25}, (double[])t.get("f32_row"), "storage offset");
        assertEquals(3.25, t.get("f64_0d"), "a 0-d tensor is a Double");
        assertArrayEquals(new double[]{0.5, -1.0, 65504.0, 6.103515625e-05}, (double[])t.get("f16"));
        assertArrayEquals(new double[]{1, -2, 1L << 40}, (double[])t.get("i64"));
        assertArrayEquals(new double[]{-7, 8}, (double[])t.get("i32"));
        assertArrayEquals(new double[]{-300, 300}, (double[])t.get("i16"));
        assertArrayEquals(new double[]{-5, 6}, (double[])t.get("i8"));
        assertArrayEquals(new double[]{250, 3}, (double[])t.get("u8"));
        assertArrayEquals(new double[]{1, 0, 1}, (double[])t.get("bool"));
        assertArrayEquals(new double[0], (double[])t.get("empty"));
    }

    @Test
    void nonTorchFilesAreNotDetected(@TempDir final Path dir) throws Exception
    {
        final Path p = dir.resolve("x.pth");
        Files.write(p, proto(4).op(NONE).stop().bytes());
        assertEquals(null, TorchFile.detect(p));
        final PickleException ex = assertThrows(PickleException.class, () -> TorchFile.open(p));
        assertTrue(ex.getMessage().contains("not a torch file") && ex.getMessage().contains(p.toString()), ex.getMessage());
    }

    @Test
    void legacyFileWithAWrongMagicNumberIsRefused(@TempDir final Path dir) throws Exception
    {
        final Path p = dir.resolve("bad.pth");
        Files.write(p, proto(2).op(LONG1).u8(10).raw(new byte[10]).stop().bytes());
        final PickleException ex = assertThrows(PickleException.class, () -> TorchFile.open(p).load(null, null));
        assertTrue(ex.getMessage().contains("invalid torch magic number"), ex.getMessage());
    }

    private static Path zip(final Path dir, final byte[] pickle, final String... extraMembers) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes))
        {
            z.putNextEntry(new ZipEntry("archive/data.pkl"));
            z.write(pickle);
            z.closeEntry();
            z.putNextEntry(new ZipEntry("archive/version"));
            z.write("3\n".getBytes());
            z.closeEntry();
            for (final String m : extraMembers)
            {
                z.putNextEntry(new ZipEntry(m));
                z.write(new byte[16]);
                z.closeEntry();
            }
        }
        final Path p = dir.resolve("t" + System.nanoTime() + ".pth");
        Files.write(p, bytes.toByteArray());
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"../evil", "archive/../../evil", "/etc/passwd", "archive/data/../../../evil", "C:/evil", "archive\\..\\evil"})
    void zipMembersLeavingTheirFolderAreRefused(final String member, @TempDir final Path dir) throws Exception
    {
        final Path p = zip(dir, proto(2).op(NONE).stop().bytes(), member);
        final PickleException ex = assertThrows(PickleException.class, () -> TorchFile.open(p));
        assertTrue(ex.getMessage().contains("tries to leave its folder") && ex.getMessage().contains(member), ex.getMessage());
    }

    @Test
    void zipMembersOutsideTheArchiveFolderAreRefused(@TempDir final Path dir) throws Exception
    {
        final Path p = zip(dir, proto(2).op(NONE).stop().bytes(), "other/data/0");
        final PickleException ex = assertThrows(PickleException.class, () -> TorchFile.open(p));
        assertTrue(ex.getMessage().contains("lies outside the archive folder 'archive/'"), ex.getMessage());
    }

    @Test
    void storageKeysThatAreNotPlainNamesAreRefused(@TempDir final Path dir) throws Exception
    {
        // ('storage', torch.FloatStorage, '../../x', 'cpu', 1) as a persistent id
        final byte[] pickle = proto(2).op(MARK).str("storage").textGlobal("torch", "FloatStorage").str("../../x").str("cpu")
            .op(BININT1).u8(1).op(TUPLE).op(BINPERSID).stop().bytes();
        final Path p = zip(dir, pickle, "archive/data/0");
        final PickleException ex = assertThrows(PickleException.class, () -> TorchFile.open(p).load(null, null));
        assertTrue(ex.getMessage().contains("storage key '../../x' is not a plain member name"), ex.getMessage());
    }

    @Test
    void storagesMustHoldTheElementsTheirIdClaims(@TempDir final Path dir) throws Exception
    {
        final byte[] pickle = proto(2).op(MARK).str("storage").textGlobal("torch", "DoubleStorage").str("0").str("cpu")
            .op(BININT1).u8(100).op(TUPLE).op(BINPERSID).stop().bytes();
        final Path p = zip(dir, pickle, "archive/data/0");
        final PickleException ex = assertThrows(PickleException.class, () -> TorchFile.open(p).load(null, null));
        assertTrue(ex.getMessage().contains("holds 16 bytes, 800 expected"), ex.getMessage());
    }

    @Test
    void onlyStoragePersistentIdsAreAccepted(@TempDir final Path dir) throws Exception
    {
        final byte[] pickle = proto(2).op(MARK).str("module").op(NONE).op(TUPLE).op(BINPERSID).stop().bytes();
        final PickleException ex = assertThrows(PickleException.class, () -> TorchFile.open(zip(dir, pickle)).load(null, null));
        assertTrue(ex.getMessage().contains("persistent id of type 'module' is not supported"), ex.getMessage());
    }

    @Test
    void tensorsReachingBeyondTheirStorageAreRefused(@TempDir final Path dir) throws Exception
    {
        // _rebuild_tensor_v2(storage of 2 floats, offset 1, size (3,), stride (1,), False, OrderedDict())
        final byte[] pickle = proto(2).textGlobal("torch._utils", "_rebuild_tensor_v2")
            .op(MARK).op(MARK).str("storage").textGlobal("torch", "FloatStorage").str("0").str("cpu").op(BININT1).u8(2).op(TUPLE).op(BINPERSID)
            .op(BININT1).u8(1).op(BININT1).u8(3).op(TUPLE1).op(BININT1).u8(1).op(TUPLE1).op(NEWFALSE)
            .textGlobal("collections", "OrderedDict").op(EMPTY_TUPLE).op(REDUCE).op(TUPLE).op(REDUCE).stop().bytes();
        final PickleException ex = assertThrows(PickleException.class, () -> TorchFile.open(zip(dir, pickle, "archive/data/0")).load(null, null));
        assertTrue(ex.getMessage().contains("reaches beyond its storage of 2 elements"), ex.getMessage());
    }
}
