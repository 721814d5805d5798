package org.nasmap.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.nasmap.reader.NasBench;
import org.nasmap.reader.NasmapFormatException;

/**
 * Where executors find the nasmap file, and the one open {@link NasBench} per JVM over it.
 * <p>
 * Either a path every node sees (shared storage, or a copy at the same path on each node, or a relative name
 * that a cluster manager put in every container's working directory), or a file shipped with the job
 * ({@code SparkContext.addFile}), opened from the node's local copy. A {@link NasBench} is immutable and
 * thread-safe, so all tasks and threads of an executor share one: the file is mapped once per JVM and stays
 * mapped until the JVM exits.
 *
 * @param path    the path as given (shared), or the file's name within the job's files (shipped).
 * @param shipped whether the file travels with the job.
 */
public record BenchFile(String path, boolean shipped) implements Serializable
{
    private static final ConcurrentHashMap<String, NasBench> OPEN = new ConcurrentHashMap<>();

    /** @return the local path of the file in this JVM. */
    public Path local()
    {
        return shipped ? Path.of(SparkFiles.get(path)) : Path.of(path);
    }

    /**
     * @return this JVM's open benchmark over the file, opened (and mapped) by the first caller.
     * @throws SweepException naming the path and the host when the file is missing or not a nasmap file.
     */
    public NasBench open()
    {
        final Path p = local().toAbsolutePath().normalize();
        final BasicFileAttributes attributes;
        try
        {
            attributes = Files.readAttributes(p, BasicFileAttributes.class);
        }
        catch (final IOException e)
        {
            throw new SweepException(p + ": no such nasmap file on " + where() + (shipped ? "" :
                "; every executor opens FILE at the same path (shared storage), or ship it with the job (--ship)"));
        }
        // a file replaced at the same path is a different file
        final String key = p + "\u0000" + attributes.fileKey() + "\u0000" + attributes.size() + "\u0000" +
            attributes.lastModifiedTime().toMillis();
        return OPEN.computeIfAbsent(key, k -> map(p));
    }

    private NasBench map(final Path p)
    {
        try
        {
            return NasBench.open(p);
        }
        catch (final NasmapFormatException e)
        {
            throw new SweepException(p + ": not a nasmap file this reader reads: " + e.getMessage() + " (on " + where() + ")");
        }
        catch (final IOException | RuntimeException e)
        {
            throw new SweepException(p + ": cannot open on " + where() + ": " + e);
        }
    }

    /** @return "executor 1 on h", "the driver's JVM on h" (the driver, or local mode's executor), "this machine". */
    private static String where()
    {
        final SparkEnv env = SparkEnv.get();
        if (env == null)
        {
            return "this machine";
        }
        final String id = env.executorId();
        final String host = env.blockManager() == null || env.blockManager().blockManagerId() == null ? "?" :
            env.blockManager().blockManagerId().host();
        return "driver".equals(id) ? "the driver's JVM on " + host : "executor " + id + " on " + host;
    }

    /** @return how many files this JVM has mapped (tests). */
    static int openCount()
    {
        return OPEN.size();
    }
}
