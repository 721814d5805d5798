package org.nasmap.writer.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every committed folder of benchmark data taken from NATS-Bench (the archive samples, the single files, the
 * NAS-Bench-201 serializations of the same records) carries NATS-Bench's MIT license beside it.
 */
class LicenseFilesTest
{
    static final Path RESOURCES = RenderRecords.resource("nats-sample").getParent();

    @Test
    void everyFolderOfBenchmarkDataHasTheLicenseBesideIt() throws IOException
    {
        final List<Path> folders;
        try (Stream<Path> files = Files.walk(RESOURCES))
        {
            folders = files.filter(p -> p.getFileName().toString().matches("(\\d{6}|meta|.*-single)\\.pickle\\.pbz2|NAS-Bench-201-.*\\.pth"))
                .map(Path::getParent).distinct().toList();
        }
        assertFalse(folders.isEmpty());
        for (final Path folder : folders)
        {
            // an archive folder's license is one level up, beside the space folders
            final boolean archive = folder.getFileName().toString().startsWith("NATS-");
            final Path license = (archive ? folder.getParent() : folder).resolve("LICENSE-NATS-Bench.md");
            assertTrue(Files.isRegularFile(license), "no " + license.getFileName() + " beside " + RESOURCES.relativize(folder));
            assertTrue(Files.readString(license).contains("MIT License"), license.toString());
        }
    }
}
