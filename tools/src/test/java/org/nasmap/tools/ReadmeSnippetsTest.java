package org.nasmap.tools;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nasmap.format.Space;
import org.nasmap.reader.NasBench;
import org.nasmap.writer.NasmapWriter;
import org.nasmap.writer.source.Sources;
import org.nasmap.writer.source.SyntheticSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's Java snippets compile and run as written: the first (the reader API) for every architecture
 * of the real tss sample, the second (a search loop) on a synthetic file. Only the file name
 * {@code "tss.nasmap"} is bound to the converted file; the free variables {@code arch}, {@code archString}
 * and {@code bench} become parameters.
 */
class ReadmeSnippetsTest
{
    static final Path README = Path.of("../README.md");
    static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @TempDir
    Path dir;

    static List<String> javaBlocks() throws IOException
    {
        final List<String> blocks = new ArrayList<>();
        final Matcher m = JAVA_BLOCK.matcher(Files.readString(README, StandardCharsets.UTF_8));
        while (m.find())
        {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void javaSnippetsCompileAndRun() throws Exception
    {
        final List<String> blocks = javaBlocks();
        assertEquals(2, blocks.size(), "the README's Java snippets (update this test when adding one)");
        final Path tss = dir.resolve("tss.nasmap");
        try (var src = Sources.open(CommandsTest.TSS))
        {
            NasmapWriter.convert(src, tss, null);
        }
        final Path synthetic = dir.resolve("synthetic.nasmap");
        NasmapWriter.convert(new SyntheticSource(Space.TOPOLOGY, Space.TOPOLOGY.fullSize(), 2000, 5), synthetic, null);

        final String file = "\"" + tss.toString().replace("\\", "\\\\") + "\"";
        final String source = "import java.nio.file.Path;\n" +
            "import java.util.SplittableRandom;\n" +
            "import org.nasmap.format.*;\n" +
            "import org.nasmap.reader.*;\n" +
            "import org.nasmap.search.*;\n" +
            "public final class ReadmeSnippets\n{\n" +
            "    public static void api(int arch, String archString) throws Exception\n    {\n" +
            blocks.get(0).replace("\"tss.nasmap\"", file) + "    }\n\n" +
            "    public static void search(NasBench bench) throws Exception\n    {\n" +
            blocks.get(1) + "    }\n}\n";
        assertTrue(blocks.get(0).contains("\"tss.nasmap\""), blocks.get(0));
        final Path src = Files.writeString(dir.resolve("ReadmeSnippets.java"), source);
        final Path classes = Files.createDirectory(dir.resolve("classes"));
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "a JDK's compiler");
        final String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
        final int code = javac.run(null, errors, errors, "-proc:none", "-cp", classPath, "-d", classes.toString(), src.toString());
        assertEquals(0, code, "the README's snippets compile:\n" + errors.toString(StandardCharsets.UTF_8) + "\n" + source);

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader()))
        {
            final Class<?> c = loader.loadClass("ReadmeSnippets");
            final Method api = c.getMethod("api", int.class, String.class);
            final Method search = c.getMethod("search", NasBench.class);
            try (NasBench bench = NasBench.open(tss))
            {
                for (int arch = 0; arch < bench.size(); arch++)
                {
                    if (bench.file().holds(arch))
                    {
                        invoke(api, arch, bench.arch(arch));
                    }
                }
            }
            try (NasBench bench = NasBench.open(synthetic))
            {
                assertTimeoutPreemptively(Duration.ofSeconds(120), () -> invoke(search, bench));
            }
        }
    }

    private static void invoke(final Method m, final Object... args) throws ReflectiveOperationException
    {
        try
        {
            m.invoke(null, args);
        }
        catch (final InvocationTargetException e)
        {
            throw new AssertionError("README snippet " + m.getName() + " with " + java.util.Arrays.toString(args) +
                " throws " + e.getCause(), e.getCause());
        }
    }
}
