package org.nasmap.search;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** REINFORCE's multiplicative softmax update: its exponential is Math.exp's to within 1e-12. */
class ReinforceTest
{
    @Test
    void smallStepExponentialIsExact()
    {
        for (double x = -0.2; x <= 0.2; x += 1e-4)
        {
            final double want = Math.exp(x);
            assertEquals(want, Reinforce.exp(x), want * 1e-12, "x = " + x);
        }
    }

    @Test
    void multiplicativeUpdateIsTheSoftmaxOfTheUpdatedLogits()
    {
        final double[] logits = {0.3, -1.2, 0.05, 2.0, -0.4};
        final double[] p = softmax(logits);
        final int chosen = 2;
        final double step = 0.5 * 0.037;
        final double[] updated = logits.clone();
        double sum = 0;
        final double[] q = new double[p.length];
        for (int c = 0; c < p.length; c++)
        {
            updated[c] += step * ((c == chosen ? 1 : 0) - p[c]);
            q[c] = p[c] * Reinforce.exp(step * ((c == chosen ? 1 : 0) - p[c]));
            sum += q[c];
        }
        final double[] want = softmax(updated);
        for (int c = 0; c < p.length; c++)
        {
            assertEquals(want[c], q[c] / sum, 1e-15);
        }
    }

    private static double[] softmax(final double[] l)
    {
        double max = Double.NEGATIVE_INFINITY;
        for (final double v : l)
        {
            max = Math.max(max, v);
        }
        final double[] out = new double[l.length];
        double sum = 0;
        for (int i = 0; i < l.length; i++)
        {
            out[i] = Math.exp(l[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < l.length; i++)
        {
            out[i] /= sum;
        }
        return out;
    }
}
