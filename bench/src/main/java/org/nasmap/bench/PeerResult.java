package org.nasmap.bench;

/**
 * What the peers' ports of {@code get_more_info} and {@code simulate_train_eval} fill: the same fields as the
 * reader's {@code MoreInfo} and {@code SimulationResult}, caller-owned and reused, so that no peer pays for
 * building a result dict. Blocks are indexed train 0, valid 1, test 2, valtest 3; NaN stands for None.
 */
public final class PeerResult
{
    public static final int TRAIN = 0;
    public static final int VALID = 1;
    public static final int TEST = 2;
    public static final int VALTEST = 3;

    public final boolean[] present = new boolean[4];
    public final double[] loss = new double[4];
    public final double[] accuracy = new double[4];
    public final double[] perTime = new double[4];
    public final double[] allTime = new double[4];

    // simulate_train_eval
    public double validAccuracy;
    public double latency;
    public double timeCost;
    public double usedTime;

    /** get_metrics' answer: iepoch, loss, accuracy, cur_time, all_time. */
    final double[] metrics = new double[5];
    /** One trial's answer, same fields. */
    final double[] trial = new double[5];

    void clear()
    {
        for (int i = 0; i < 4; i++)
        {
            present[i] = false;
        }
    }

    void set(final int block, final double[] m, final double total)
    {
        present[block] = true;
        loss[block] = m[1];
        accuracy[block] = m[2];
        allTime[block] = m[4];
        perTime[block] = m[4] / total;
    }

    /** @return a checksum of the filled fields (for a blackhole and for cross-checking the ports). */
    public double sum()
    {
        double s = 0;
        for (int i = 0; i < 4; i++)
        {
            if (present[i])
            {
                s += loss[i] + accuracy[i] + (Double.isNaN(allTime[i]) ? 0 : allTime[i] + perTime[i]);
            }
        }
        return s;
    }
}
