package org.nasmap.search;

/**
 * REINFORCE (Williams 1992) over independent categorical choices per gene, as NAS-Bench-201's baseline:
 * the policy's logits are updated by {@code lr * (reward - baseline) * grad log p(arch)}, the reward being the
 * validation accuracy in [0, 1] and the baseline its exponential moving average.
 */
public final class Reinforce implements SearchAlgorithm
{
    private final double learningRate;
    private final double momentum;

    /**
     * @param learningRate step size on the logits (e.g. 0.5).
     * @param momentum     the baseline's moving-average momentum (NAS-Bench-201: 0.9).
     */
    public Reinforce(final double learningRate, final double momentum)
    {
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    @Override
    public String name()
    {
        return "REINFORCE (lr=" + learningRate + ")";
    }

    @Override
    public void run(final SearchContext context)
    {
        final int n = context.encoding().positions();
        final int k = context.encoding().choices();
        // the policy as its probabilities, softmax(logits): all logits start at 0, so uniform. The update
        // logits += step * (onehot - p) becomes p_c <- p_c * exp(step * (onehot_c - p_c)) / (the sum of those),
        // the same softmax without recomputing k exponentials of the logits for every gene at every step
        final double[][] probs = new double[n][k];
        for (final double[] p : probs)
        {
            java.util.Arrays.fill(p, 1.0 / k);
        }
        final int[] genes = new int[n];
        double baseline = Double.NaN;
        int misses = 0;
        while (!context.exhausted() && misses < 1_000_000)
        {
            for (int i = 0; i < n; i++)
            {
                final double[] p = probs[i];
                double u = context.random().nextDouble();
                int c = 0;
                while (c < k - 1 && (u -= p[c]) > 0)
                {
                    c++;
                }
                genes[i] = c;
            }
            final double acc = context.evaluate(genes);
            if (Double.isNaN(acc))
            {
                misses++;
                continue;
            }
            final double reward = acc / 100.0;
            baseline = Double.isNaN(baseline) ? reward : momentum * baseline + (1 - momentum) * reward;
            final double step = learningRate * (reward - baseline);
            for (int i = 0; i < n; i++)
            {
                final double[] p = probs[i];
                double sum = 0;
                for (int c = 0; c < k; c++)
                {
                    final double w = p[c] * exp(step * ((c == genes[i] ? 1 : 0) - p[c]));
                    p[c] = w;
                    sum += w;
                }
                for (int c = 0; c < k; c++)
                {
                    p[c] /= sum;
                }
            }
        }
    }

    /**
     * e^x: the updates are small (|x| <= lr * |advantage|), where the Taylor series to x^6 is exact to within
     * 3e-13 relative for |x| <= 1/16; {@link Math#exp} otherwise.
     */
    static double exp(final double x)
    {
        if (x > 0.0625 || x < -0.0625)
        {
            return Math.exp(x);
        }
        return 1 + x * (1 + x * (1.0 / 2 + x * (1.0 / 6 + x * (1.0 / 24 + x * (1.0 / 120 + x * (1.0 / 720))))));
    }
}
