package org.nasmap.writer.pickle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nasmap.writer.pickle.Opcodes.*;
import static org.nasmap.writer.pickle.PickleBytes.load;
import static org.nasmap.writer.pickle.PickleBytes.proto;

/**
 * Refused globals, malformed and hostile streams: each fails with a PickleException whose message
 * says what and names the file, without executing anything and without allocating what a forged
 * length claims.
 */
class HostilePickleTest
{
    private static PickleException refused(final byte[] pickle)
    {
        final PickleException ex = assertThrows(PickleException.class, () -> load(pickle));
        assertTrue(ex.getMessage().contains("test.pkl"), "names the file: " + ex.getMessage());
        return ex;
    }

    private static void assertMessage(final PickleException ex, final String... parts)
    {
        for (final String p : parts)
        {
            assertTrue(ex.getMessage().contains(p), "'" + p + "' in: " + ex.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource({
        "os, system",
        "posix, system",
        "nt, system",
        "builtins, eval",
        "builtins, exec",
        "builtins, getattr",
        "__builtin__, eval",
        "subprocess, Popen",
        "subprocess, check_output",
        "copy_reg, _reconstructor",
        "copyreg, _reconstructor",
        "numpy.core.multiarray, _reconstruct",
        "numpy, load",
        "collections, defaultdict",
        "torch.storage, _load_from_bytes",
        "torch._utils, _rebuild_parameter",
        "torch, load",
        "_codecs, decode",
    })
    void refusesGlobalsOutsideTheAllowList(final String module, final String name) throws Exception
    {
        final String full = module + "." + name;
        // protocol 2 text GLOBAL followed by a call, and protocol 4 STACK_GLOBAL
        final byte[] p2 = proto(2).textGlobal(module, name).str("touch /tmp/pwned").op(TUPLE1).op(REDUCE).stop().bytes();
        final byte[] p4 = proto(4).global(module, name).str("touch /tmp/pwned").op(TUPLE1).op(REDUCE).stop().bytes();
        for (final byte[] p : new byte[][]{p2, p4})
        {
            assertMessage(refused(p), "pickle global " + full + " is not allowed");
        }
        // even with a persistent loader installed (torch files), only the storage rebuild is allowed
        final PickleException ex = assertThrows(PickleException.class,
            () -> new Unpickler(PickleInput.of(p4, 0, p4.length, "test.pkl")).persistentLoader(pid -> null).load());
        assertMessage(ex, "pickle global " + full + " is not allowed");
    }

    @Test
    void refusesTorchGlobalsOutsideTorchFiles() throws Exception
    {
        assertMessage(refused(proto(2).textGlobal("torch", "FloatStorage").stop().bytes()),
            "torch.FloatStorage is not allowed outside torch files");
        assertMessage(refused(proto(2).textGlobal("torch._utils", "_rebuild_tensor_v2").stop().bytes()),
            "torch._utils._rebuild_tensor_v2 is not allowed outside torch files");
        assertMessage(refused(proto(2).op(NONE).op(BINPERSID).stop().bytes()), "persistent ids are only allowed in torch files");
        assertMessage(refused(proto(0).op(PERSID).text("1\n").stop().bytes()), "persistent ids are only allowed in torch files");
    }

    @Test
    void refusesObjectBuildingOpcodesAndOutOfBandBuffers() throws Exception
    {
        assertMessage(refused(proto(2).op(MARK).op(INST).text("os\nsystem\n").stop().bytes()), "INST is not supported");
        assertMessage(refused(proto(2).op(MARK).op(OBJ).stop().bytes()), "OBJ is not supported");
        assertMessage(refused(proto(2).op(EXT1).u8(1).stop().bytes()), "EXT1 is not supported");
        assertMessage(refused(proto(5).op(NEXT_BUFFER).stop().bytes()), "NEXT_BUFFER is not supported");
        assertMessage(refused(proto(5).op(READONLY_BUFFER).stop().bytes()), "READONLY_BUFFER is not supported");
        // allowed globals refuse what they do not do
        assertMessage(refused(proto(4).global("_codecs", "encode").str("x").str("utf-8").op(TUPLE2).op(REDUCE).stop().bytes()),
            "encoding 'utf-8' is not allowed");
        assertMessage(refused(proto(4).global("numpy", "dtype").str("O").op(TUPLE1).op(REDUCE).stop().bytes()),
            "numpy dtype 'O' is not supported");
        assertMessage(refused(proto(4).global("torch", "FloatStorage").op(EMPTY_TUPLE).op(REDUCE).stop().bytes()),
            "not allowed outside torch files");
        assertMessage(refused(proto(4).op(EMPTY_DICT).op(NONE).op(REDUCE).stop().bytes()), "not callable");
        assertMessage(refused(proto(4).op(EMPTY_LIST).op(EMPTY_DICT).op(BUILD).stop().bytes()), "BUILD of a list");
    }

    @Test
    void unknownOpcodeNamesItsByteAndPosition()
    {
        assertMessage(refused(proto(4).op(NONE).op(0xFF).stop().bytes()), "unknown pickle opcode 0xff at position 3");
        assertMessage(refused(proto(4).op(0x00).bytes()), "unknown pickle opcode 0x00 at position 2");
    }

    @Test
    void protocolAboveFiveIsRefused()
    {
        assertMessage(refused(proto(6).op(NONE).stop().bytes()), "unsupported pickle protocol 6");
    }

    @Test
    void missingStopAndTruncatedArgumentsAreReported()
    {
        assertMessage(refused(proto(4).op(NONE).bytes()), "ends at position 3 before STOP");
        assertMessage(refused(new byte[0]), "ends at position 0 before STOP");
        assertMessage(refused(proto(4).op(BININT).u8(1).u8(2).bytes()), "BININT needs 4 bytes");
        assertMessage(refused(proto(4).op(BINFLOAT).u8(1).bytes()), "BINFLOAT needs 8 bytes");
        assertMessage(refused(proto(2).op(GLOBAL).text("os").bytes()), "GLOBAL module line");
    }

    @Test
    void lengthsBeyondTheStreamAreRefusedBeforeAllocating()
    {
        // BINUNICODE claiming 1 GB in a 20-byte pickle
        assertMessage(refused(proto(4).op(BINUNICODE).le4(1_000_000_000).text("abc").stop().bytes()),
            "BINUNICODE claims 1000000000 bytes at position 7 but only 4 remain");
        // 2^31 and more
        assertMessage(refused(proto(4).op(BINUNICODE8).le8(1L << 31).stop().bytes()), "BINUNICODE8 claims 2147483648 bytes",
            "limit " + PickleInput.MAX_LENGTH);
        assertMessage(refused(proto(4).op(BINBYTES8).le8(-1L).stop().bytes()), "claims 18446744073709551615 bytes");
        assertMessage(refused(proto(4).op(BINBYTES).le4(0xFFFF_FFFFL).stop().bytes()), "BINBYTES claims 4294967295 bytes");
        assertMessage(refused(proto(4).op(FRAME).le8(1L << 40).stop().bytes()), "FRAME of 1099511627776 bytes");
        assertMessage(refused(proto(2).op(BINSTRING).le4(-5).stop().bytes()), "negative length");
        assertMessage(refused(proto(2).op(LONG4).le4(-5).stop().bytes()), "negative length");
    }

    @Test
    void forgedLengthInAStreamOfUnknownLengthCostsNoMemory()
    {
        // a compressed source has no known length: the claim (just under 2 GiB, with -Xmx1g) must
        // be met by bytes that actually arrive, so this fails as truncated instead of allocating
        final byte[] head = proto(4).op(BINBYTES8).le8(PickleInput.MAX_LENGTH).bytes();
        final InputStream in = new SequenceInputStream(new ByteArrayInputStream(head), new ByteArrayInputStream(new byte[3 << 20]));
        final PickleException ex = assertThrows(PickleException.class,
            () -> new Unpickler(PickleInput.of(in, -1, "test.pkl")).load());
        assertMessage(ex, "BINBYTES8 of " + PickleInput.MAX_LENGTH + " bytes at position 11 stops after " + (3 << 20) + " bytes");
    }

    @Test
    void deepNestingIsRefused()
    {
        final PickleBytes marks = proto(4);
        for (int i = 0; i < 1001; i++)
        {
            marks.op(MARK);
        }
        assertMessage(refused(marks.stop().bytes()), "more than 1000 nested MARKs");

        final PickleBytes tuples = proto(4).op(NONE);
        for (int i = 0; i < 1001; i++)
        {
            tuples.op(TUPLE1);
        }
        assertMessage(refused(tuples.stop().bytes()), "nested deeper than 1000");

        final PickleBytes lists = proto(4);
        for (int i = 0; i < 1002; i++)
        {
            lists.op(EMPTY_LIST);
        }
        for (int i = 0; i < 1001; i++)
        {
            lists.op(APPEND);
        }
        assertMessage(refused(lists.stop().bytes()), "nested deeper than 1000");

        final PickleBytes dicts = proto(4).op(EMPTY_DICT).op(BINPUT).u8(0);
        for (int i = 0; i < 1001; i++)
        {
            // d = {0: d'} built inside out through the memo: EMPTY_DICT, key, <inner>, SETITEM
            dicts.op(EMPTY_DICT).op(BININT1).u8(0).op(BINGET).u8(0).op(SETITEM).op(BINPUT).u8(0);
        }
        assertMessage(refused(dicts.stop().bytes()), "nested deeper than 1000");
    }

    @Test
    void stackGrowthIsBounded()
    {
        final PickleBytes many = proto(4);
        for (int i = 0; i <= Unpickler.MAX_STACK; i++)
        {
            many.op(NONE);
        }
        assertMessage(refused(many.stop().bytes()), "stack deeper than " + Unpickler.MAX_STACK);
    }

    @Test
    void memoReferencesMustHaveBeenStored()
    {
        assertMessage(refused(proto(4).op(BINGET).u8(5).stop().bytes()), "memo reference 5 was never stored");
        assertMessage(refused(proto(4).op(NONE).op(MEMOIZE).op(LONG_BINGET).le4(0xFFFF_FFFFL).stop().bytes()),
            "memo reference 4294967295 was never stored");
        assertMessage(refused(proto(0).op(GET).text("7\n").stop().bytes()), "memo reference 7 was never stored");
        assertMessage(refused(proto(4).op(NONE).op(LONG_BINPUT).le4(100_000_000).stop().bytes()), "memo index 100000000 lies more than");
        assertMessage(refused(proto(4).op(NONE).op(LONG_BINPUT).le4(0xFFFF_FFFFL).stop().bytes()), "memo index 4294967295 is too large");
        assertMessage(refused(proto(4).op(MEMOIZE).stop().bytes()), "stack underflow");
    }

    @Test
    void stackUnderflowIsReported()
    {
        assertMessage(refused(proto(4).stop().bytes()), "stack underflow");
        assertMessage(refused(proto(4).op(NONE).op(TUPLE2).stop().bytes()), "stack underflow");
        assertMessage(refused(proto(4).op(EMPTY_LIST).op(MARK).op(APPEND).stop().bytes()), "stack underflow");
        assertMessage(refused(proto(4).op(EMPTY_DICT).op(NONE).op(SETITEM).stop().bytes()), "stack underflow");
        assertMessage(refused(proto(4).op(NONE).op(REDUCE).stop().bytes()), "stack underflow");
        assertMessage(refused(proto(4).op(NONE).op(APPENDS).stop().bytes()), "APPENDS without a MARK");
        assertMessage(refused(proto(4).op(MARK).op(SETITEMS).stop().bytes()), "stack underflow");
    }

    @Test
    void malformedContainersAreReported()
    {
        assertMessage(refused(proto(4).op(EMPTY_DICT).op(EMPTY_LIST).op(NONE).op(SETITEM).stop().bytes()),
            "unhashable list used as a dict key");
        assertMessage(refused(proto(4).op(EMPTY_SET).op(MARK).op(EMPTY_DICT).op(ADDITEMS).stop().bytes()),
            "unhashable dict added to a set");
        assertMessage(refused(proto(4).op(EMPTY_DICT).op(MARK).op(NONE).op(SETITEMS).stop().bytes()), "odd number of items");
        assertMessage(refused(proto(4).op(NONE).op(NONE).op(APPEND).stop().bytes()), "APPEND to a NoneType");
        assertMessage(refused(proto(4).op(MARK).op(NONE).op(FROZENSET).op(MARK).op(NONE).op(ADDITEMS).stop().bytes()),
            "ADDITEMS to a frozenset");
    }

    @Test
    void textProtocolValuesDecode() throws IOException
    {
        assertEquals("a\nA'\u00e9", load(proto(0).op(STRING).text("'a\\nA\\'\\xc3\\xa9'\n").stop().bytes()));
        // raw-unicode-escape as Python decodes it: \\u00e9 stays literal, \\\u00e9 ends in an escape
        assertEquals("\\\\u00e9", load(proto(0).op(UNICODE).text("\\\\u00e9\n").stop().bytes()));
        assertEquals("\\\\\u00e9", load(proto(0).op(UNICODE).text("\\\\\\u00e9\n").stop().bytes()));
        assertEquals(new java.math.BigInteger("12345678901234567890"), load(proto(0).op(LONG).text("12345678901234567890L\n").stop().bytes()));
        assertEquals(Boolean.TRUE, load(proto(0).op(INT).text("01\n").stop().bytes()));
        assertEquals(-3L, load(proto(0).op(INT).text("-3\n").stop().bytes()));
        assertEquals(Double.NEGATIVE_INFINITY, load(proto(0).op(FLOAT).text("-inf\n").stop().bytes()));
        assertMessage(refused(proto(0).op(FLOAT).text("0x10\n").stop().bytes()), "is not a number");
        assertMessage(refused(proto(0).op(INT).text("1e5\n").stop().bytes()), "is not an integer");
        assertMessage(refused(proto(0).op(STRING).text("abc\n").stop().bytes()), "not a quoted string");
    }

    @Test
    void bigEndianNumpyScalarsHonourTheirByteOrder() throws IOException
    {
        // numpy.dtype('f8') with state byte order '>' then scalar(dtype, bytes of 2.5 big-endian)
        final byte[] p = proto(4).global("numpy._core.multiarray", "scalar")
            .global("numpy", "dtype").str("f8").op(NEWFALSE).op(NEWTRUE).op(TUPLE3).op(REDUCE)
            .op(MARK).op(BININT1).u8(3).str(">").op(NONE).op(NONE).op(NONE).integer(-1).integer(-1).op(BININT1).u8(0).op(TUPLE)
            .op(BUILD)
            .op(SHORT_BINBYTES).u8(8).raw(new byte[]{0x40, 0x04, 0, 0, 0, 0, 0, 0}).op(TUPLE2).op(REDUCE).stop().bytes();
        assertEquals(2.5, load(p));
        final byte[] i2 = proto(4).global("numpy.core.multiarray", "scalar")
            .global("numpy", "dtype").str("i2").op(TUPLE1).op(REDUCE)
            .op(SHORT_BINBYTES).u8(2).raw(new byte[]{(byte)0xFE, (byte)0xFF}).op(TUPLE2).op(REDUCE).stop().bytes();
        assertEquals(-2L, load(i2));
        assertMessage(refused(proto(4).global("numpy.core.multiarray", "scalar").global("numpy", "dtype").str("f8").op(TUPLE1)
            .op(REDUCE).op(SHORT_BINBYTES).u8(3).raw(new byte[3]).op(TUPLE2).op(REDUCE).stop().bytes()), "has 3 bytes instead of 8");
    }
}
