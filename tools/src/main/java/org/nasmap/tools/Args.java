package org.nasmap.tools;

import org.nasmap.format.Dataset;
import org.nasmap.format.Hp;
import org.nasmap.format.Space;

/** Parsing of the dataset and hp options shared by the analysis commands. */
final class Args
{
    private Args()
    {
    }

    static Dataset dataset(final String name)
    {
        final Dataset d = Dataset.fromUpstream(name);
        if (d == null)
        {
            throw new IllegalArgumentException("unknown dataset '" + name + "': cifar10-valid, cifar10, cifar100 or ImageNet16-120");
        }
        return d;
    }

    /** @return the hp, or the space's full-training hp (200 or 90) when {@code key} is null. */
    static Hp hp(final String key, final Space space)
    {
        if (key == null)
        {
            return space == Space.TOPOLOGY ? Hp.H200 : Hp.H90;
        }
        Hp hp = Hp.fromUpstream(key);
        if (hp == null)
        {
            try
            {
                hp = Hp.ofEpochs(Long.parseLong(key));
            }
            catch (final NumberFormatException e)
            {
                hp = null;
            }
        }
        if (hp == null)
        {
            throw new IllegalArgumentException("unknown hp '" + key + "': 01, 12, 90 or 200");
        }
        return hp;
    }

    static String number(final double v, final String format)
    {
        return Double.isNaN(v) ? "None" : String.format(format, v);
    }

    /** @return {@code "1 architecture"}, {@code "1,000 architectures"}: a count with its noun, singular for one. */
    static String count(final long n, final String noun)
    {
        return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
    }
}
