package org.nasmap.writer.pickle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes pickle opcodes by hand, for crafted (often hostile) test inputs.
 */
final class PickleBytes
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static PickleBytes proto(final int version)
    {
        return new PickleBytes().op(Opcodes.PROTO).u8(version);
    }

    PickleBytes op(final int opcode)
    {
        out.write(opcode);
        return this;
    }

    PickleBytes u8(final int v)
    {
        out.write(v);
        return this;
    }

    PickleBytes le4(final long v)
    {
        for (int i = 0; i < 4; i++)
        {
            out.write((int)(v >>> (8 * i)));
        }
        return this;
    }

    PickleBytes le8(final long v)
    {
        for (int i = 0; i < 8; i++)
        {
            out.write((int)(v >>> (8 * i)));
        }
        return this;
    }

    PickleBytes raw(final byte[] b)
    {
        out.writeBytes(b);
        return this;
    }

    PickleBytes text(final String s)
    {
        return raw(s.getBytes(StandardCharsets.UTF_8));
    }

    /** SHORT_BINUNICODE. */
    PickleBytes str(final String s)
    {
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return op(Opcodes.SHORT_BINUNICODE).u8(b.length).raw(b);
    }

    /** BININT (any int). */
    PickleBytes integer(final int v)
    {
        return op(Opcodes.BININT).le4(v);
    }

    PickleBytes binfloat(final double v)
    {
        final long bits = Double.doubleToRawLongBits(v);
        op(Opcodes.BINFLOAT);
        for (int i = 7; i >= 0; i--)
        {
            out.write((int)(bits >>> (8 * i)));
        }
        return this;
    }

    /** STACK_GLOBAL of module.name. */
    PickleBytes global(final String module, final String name)
    {
        return str(module).str(name).op(Opcodes.STACK_GLOBAL);
    }

    /** GLOBAL (text form) of module.name. */
    PickleBytes textGlobal(final String module, final String name)
    {
        return op(Opcodes.GLOBAL).text(module + "\n" + name + "\n");
    }

    PickleBytes stop()
    {
        return op(Opcodes.STOP);
    }

    byte[] bytes()
    {
        return out.toByteArray();
    }

    static Object load(final byte[] pickle) throws java.io.IOException
    {
        return new Unpickler(PickleInput.of(pickle, 0, pickle.length, "test.pkl")).load();
    }
}
