package org.nasmap.bench;

/**
 * JVM flags of the forked benchmark JVMs, as constants so that {@code @Fork(jvmArgsAppend = ...)} can name them.
 * <p>
 * Agrona (the reader's buffer library) needs {@link #AGRONA}. Chronicle Map needs the rest on Java 17; its
 * analytics artifact is excluded from the build and {@link #NO_ANALYTICS} switches it off besides, so that
 * no benchmark JVM calls out to the network.
 */
public final class BenchFlags
{
    private BenchFlags()
    {
    }

    public static final String AGRONA = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";
    public static final String CM_REF = "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";
    public static final String CM_NIO = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
    public static final String CM_MISC = "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED";
    public static final String CM_JAVAC_FILE = "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED";
    public static final String CM_JAVAC = "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED";
    public static final String CM_LANG = "--add-opens=java.base/java.lang=ALL-UNNAMED";
    public static final String CM_REFLECT = "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED";
    public static final String CM_IO = "--add-opens=java.base/java.io=ALL-UNNAMED";
    public static final String CM_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";
    public static final String NO_ANALYTICS = "-Dchronicle.analytics.disable=true";
    /** The heap of the forks that hold the on-heap HashMap model of the whole space (about 13 GB live). */
    public static final String BIG_HEAP = "-Xmx16g";
    /** Same minimum, so that the model is built without repeated heap resizing. */
    public static final String BIG_HEAP_MIN = "-Xms16g";
}
