package io.resultstore.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client is published alone (client/pom.xml), so it must not reach into the server: its sources compile against
 * nothing but the JDK and the jars of client/pom.xml's dependencies, and import nothing else.
 */
class ClientSourcesTest {
    static final Path SOURCES = Path.of("client/src/main/java");
    /** Where the client's dependencies (Jackson, Arrow) and theirs live in the local repository. */
    static final List<String> ALLOWED_JARS = List.of("/com/fasterxml/jackson/", "/org/apache/arrow/",
            "/com/google/flatbuffers/", "/org/slf4j/slf4j-api/", "/commons-codec/", "/org/checkerframework/",
            "/org/immutables/", "/com/google/code/findbugs/", "/com/google/errorprone/");
    static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);
    static final List<String> ALLOWED_IMPORTS = List.of("java.", "javax.", "com.fasterxml.jackson.",
            "org.apache.arrow.", "io.resultstore.client.");

    @Test
    void theClientSourcesCompileWithOnlyTheClientsDependencies(@TempDir Path out) throws IOException {
        List<String> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"))
                .filter(entry -> ALLOWED_JARS.stream().anyMatch(entry.replace('\\', '/')::contains))
                .toList();
        assertThat(classpath).anyMatch(j -> j.contains("jackson-databind")).anyMatch(j -> j.contains("arrow-vector"))
                .noneMatch(j -> j.contains("javalin") || j.contains("duckdb"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            List<String> options = List.of("--release", "21", "-proc:none", "-d", out.toString(),
                    "-classpath", String.join(File.pathSeparator, classpath));
            boolean ok = javac.getTask(diagnostics, files, null, options, null,
                    files.getJavaFileObjectsFromPaths(sources())).call();
            assertThat(ok).as(diagnostics.toString()).isTrue();
        }
        assertThat(out.resolve("io/resultstore/client/ResultStoreClient.class")).exists();
    }

    @Test
    void theClientImportsNothingOfTheServer() throws IOException {
        List<String> offending = new ArrayList<>();
        for (Path source : sources()) {
            Matcher m = IMPORT.matcher(Files.readString(source));
            while (m.find()) {
                String imported = m.group(1) + ".";
                if (ALLOWED_IMPORTS.stream().noneMatch(imported::startsWith)) {
                    offending.add(source.getFileName() + ": " + m.group());
                }
            }
        }
        assertThat(offending).isEmpty();
        assertThat(sources()).hasSizeGreaterThan(10);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> walk = Files.walk(SOURCES)) {
            return walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }
}
