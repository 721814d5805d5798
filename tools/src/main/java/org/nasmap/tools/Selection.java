package org.nasmap.tools;

import java.nio.file.Path;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The file, dataset and hp that the whole-space commands ({@code top}, {@code pareto}) share, as a picocli mixin. */
final class Selection
{
    @Parameters(index = "0", description = "the .nasmap file")
    Path file;

    @Option(names = "--dataset", required = true, description = "cifar10, cifar10-valid, cifar100 or ImageNet16-120")
    String dataset;

    @Option(names = "--hp", description = "training budget (default: 200 for tss, 90 for sss)")
    String hp;
}
