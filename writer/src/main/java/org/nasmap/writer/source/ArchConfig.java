package org.nasmap.writer.source;

/**
 * The {@code arch_config} fields that upstream's {@code get_net_config} returns.
 *
 * @param shape     true for the size space's {@code infer.shape.tiny}, false for {@code infer.tiny}.
 * @param classNum  {@code class_num}.
 * @param c         topology: {@code channel}; size: unused (0).
 * @param n         topology: {@code num_cells}; size: unused (0).
 * @param archStr   topology: {@code arch_str}; size: null.
 * @param channels  size: {@code channels}; topology: null.
 * @param genotype  size: {@code genotype}; topology: null.
 */
public record ArchConfig(boolean shape, int classNum, int c, int n, String archStr, String channels, String genotype)
{
}
