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
        final double[][] logits = new double[n][k];
        final double[][] probs = new double[n][k];
        final int[] genes = new int[n];
        double baseline = Double.NaN;
        int misses = 0;
        while (!context.exhausted() && misses < 1_000_000)
        {
            for (int i = 0; i < n; i++)
            {
                softmax(logits[i], probs[i]);
                double u = context.random().nextDouble();
                int c = 0;
                while (c < k - 1 && (u -= probs[i][c]) > 0)
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
            final double advantage = reward - baseline;
            for (int i = 0; i < n; i++)
            {
                for (int c = 0; c < k; c++)
                {
                    logits[i][c] += learningRate * advantage * ((c == genes[i] ? 1 : 0) - probs[i][c]);
                }
            }
        }
    }

    private static void softmax(final double[] logits, final double[] out)
    {
        double max = Double.NEGATIVE_INFINITY;
        for (final double v : logits)
        {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < logits.length; i++)
        {
            out[i] = Math.exp(logits[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < logits.length; i++)
        {
            out[i] /= sum;
        }
    }
}
