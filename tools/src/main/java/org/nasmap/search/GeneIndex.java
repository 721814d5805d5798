package org.nasmap.search;

import java.util.Arrays;

import org.nasmap.reader.NasBench;

/**
 * Gene vector to architecture index, by one array read: the gene vector read as a mixed-radix number
 * ({@code genes[0] + k * genes[1] + k^2 * genes[2] ...}, k the choices per gene) indexes a table of the
 * benchmark's indexes, built once per file by parsing every architecture string. The search loops use it
 * instead of building the architecture string and hashing it for every candidate (upstream's index order
 * is not the genes' order in the topology space, hence a table rather than arithmetic).
 */
public final class GeneIndex
{
    private final ArchEncoding encoding;
    private final int[] indexOf;

    /** Builds the table of a benchmark (15,625 or 32,768 string parses; a few milliseconds). */
    public GeneIndex(final NasBench bench)
    {
        this.encoding = ArchEncoding.of(bench.space());
        int codes = 1;
        for (int i = 0; i < encoding.positions(); i++)
        {
            codes = Math.multiplyExact(codes, encoding.choices());
        }
        this.indexOf = new int[codes];
        Arrays.fill(indexOf, -1);
        final int[] genes = new int[encoding.positions()];
        for (int arch = 0; arch < bench.size(); arch++)
        {
            if (encoding.parse(bench.arch(arch), genes))
            {
                final int code = code(genes);
                if (indexOf[code] < 0)
                {
                    indexOf[code] = arch;
                }
            }
        }
    }

    /** @return the encoding the genes are in. */
    public ArchEncoding encoding()
    {
        return encoding;
    }

    /** @return the benchmark's index of the architecture of {@code genes}, or -1 when the file lists none. */
    public int indexOf(final int[] genes)
    {
        return indexOf[code(genes)];
    }

    private int code(final int[] genes)
    {
        final int k = encoding.choices();
        int code = 0;
        for (int i = genes.length - 1; i >= 0; i--)
        {
            code = code * k + genes[i];
        }
        return code;
    }
}
