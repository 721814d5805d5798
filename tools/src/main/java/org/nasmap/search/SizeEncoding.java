package org.nasmap.search;

/** The size space: genes are the channel counts of the 5 layers, {@code "c1:c2:c3:c4:c5"}. */
public final class SizeEncoding implements ArchEncoding
{
    /** The channel choices. */
    public static final int[] CHANNELS = {8, 16, 24, 32, 40, 48, 56, 64};

    @Override
    public int positions()
    {
        return 5;
    }

    @Override
    public int choices()
    {
        return CHANNELS.length;
    }

    @Override
    public StringBuilder append(final int[] genes, final StringBuilder out)
    {
        for (int i = 0; i < 5; i++)
        {
            if (i > 0)
            {
                out.append(':');
            }
            out.append(CHANNELS[genes[i]]);
        }
        return out;
    }

    @Override
    public boolean parse(final CharSequence arch, final int[] genes)
    {
        final String[] parts = arch.toString().split(":", -1);
        if (parts.length != 5)
        {
            return false;
        }
        for (int i = 0; i < 5; i++)
        {
            int found = -1;
            for (int c = 0; c < CHANNELS.length; c++)
            {
                if (Integer.toString(CHANNELS[c]).equals(parts[i]))
                {
                    found = c;
                }
            }
            if (found < 0)
            {
                return false;
            }
            genes[i] = found;
        }
        return true;
    }
}
