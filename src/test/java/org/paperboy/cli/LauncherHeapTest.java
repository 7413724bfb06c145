package org.paperboy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher, {@code ./paperboy}, sizes the JVM's heap from {@code PAPERBOY_HEAP}: the demo-sized default when it is
 * unset, the value given, or the JVM's own choice for "auto". Run on a copy of the launcher beside a built jar, with
 * a JDK whose {@code java} prints the flags it was given. From JDK 22 it also has the JVM trim the native heap.
 */
class LauncherHeapTest {

    @TempDir
    Path dir;

    @Test
    void theHeapIsTheDefaultUnlessPaperboyHeapSaysOtherwise() throws Exception {
        assertThat(launch(null)).contains(" -Xmx256m ");
        assertThat(launch("1g")).contains(" -Xmx1g ").doesNotContain("-Xmx256m");
        assertThat(launch("auto")).doesNotContain("-Xmx");
    }

    @Test
    void nativeMemoryFreedByOnnxRuntimeGoesBackToTheSystemOnJdksThatCanDoIt() throws Exception {
        assertThat(launch(null, "25.0.1")).contains(" -XX:TrimNativeHeapInterval=1000 ");
        assertThat(launch(null, "22")).contains(" -XX:TrimNativeHeapInterval=1000 ");
        // JDK 21 knows the flag only as an experimental one, and would refuse to start.
        assertThat(launch(null, "21.0.5")).doesNotContain("TrimNativeHeapInterval");
    }

    private String launch(String heap) throws Exception {
        return launch(heap, "25.0.1");
    }

    /** The flags the launcher starts java with, padded with spaces, from a JDK of the given version. */
    private String launch(String heap, String javaVersion) throws Exception {
        Path jdk = dir.resolve("jdk");
        Files.createDirectories(jdk.resolve("bin"));
        Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"" + javaVersion + "\"\n");
        executable(jdk.resolve("bin/javac"), "#!/bin/sh\n");
        executable(jdk.resolve("bin/java"), "#!/bin/sh\necho \" $* \"\n");
        Path home = dir.resolve("paperboy");
        Files.createDirectories(home.resolve("src/main"));
        Files.createDirectories(home.resolve("target"));
        Files.writeString(home.resolve("pom.xml"), "");
        Files.setLastModifiedTime(home.resolve("pom.xml"), FileTime.from(Instant.now().minusSeconds(60)));
        Files.setLastModifiedTime(home.resolve("src/main"), FileTime.from(Instant.now().minusSeconds(60)));
        Files.writeString(home.resolve("target/paperboy.jar"), ""); // built: newer than the sources
        Files.copy(Path.of("paperboy"), home.resolve("paperboy"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        ProcessBuilder builder = new ProcessBuilder(home.resolve("paperboy").toString(), "--version")
                .redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", jdk.toString());
        builder.environment().remove("PAPERBOY_JAVA_OPTS");
        if (heap == null) {
            builder.environment().remove("PAPERBOY_HEAP");
        } else {
            builder.environment().put("PAPERBOY_HEAP", heap);
        }
        Process launcher = builder.start();
        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(launcher.exitValue()).as(output).isZero();
        assertThat(output).as("the launcher ran java").contains("-jar");
        return output;
    }

    private static void executable(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
