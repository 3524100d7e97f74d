package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./hedgewatch} launcher's JVM flags: the service commands get the small-footprint
 * flags, the others the JVM's defaults, and HEDGEWATCH_JAVA_OPTS comes last so it wins. The
 * launcher runs against a fake {@code java} on the PATH that prints its arguments, from a copy
 * whose jar is present and newer than everything, so nothing is built.
 */
class LauncherTest {

  @TempDir Path home;
  private Path bin;

  @BeforeEach
  void launcherCopyWithAFakeJava() throws IOException {
    Path launcher = home.resolve("hedgewatch");
    Files.copy(Path.of("hedgewatch"), launcher, StandardCopyOption.REPLACE_EXISTING);
    Files.createDirectories(home.resolve("target"));
    Files.writeString(home.resolve("target/hedgewatch.jar"), "not a jar");
    Path anvil = home.resolve("contracts/node_modules/.bin/anvil");
    Files.createDirectories(anvil.getParent());
    executable(anvil, "#!/bin/sh\n");
    bin = Files.createDirectories(home.resolve("bin"));
    executable(bin.resolve("java"), "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
  }

  @Test
  void run_gets_a_bounded_serial_heap_and_exits_on_out_of_memory() throws Exception {
    List<String> args = launch(Map.of(), "run", "--config", "x.yaml");
    assertThat(args)
        .contains("-XX:+UseSerialGC", "-Xms32m", "-Xmx160m", "-XX:+ExitOnOutOfMemoryError")
        .endsWith(
            "-jar", home.resolve("target/hedgewatch.jar").toString(), "run", "--config", "x.yaml");
  }

  @Test
  void a_global_option_before_the_command_does_not_hide_it() throws Exception {
    assertThat(launch(Map.of(), "--log-format", "json", "demo")).contains("-Xmx160m");
    assertThat(launch(Map.of(), "--verbose", "run")).contains("-Xmx160m");
  }

  @Test
  void other_commands_keep_the_jvms_defaults() throws Exception {
    assertThat(launch(Map.of(), "audit", "--feed", "run")).noneMatch(a -> a.startsWith("-Xmx"));
    assertThat(launch(Map.of(), "check")).noneMatch(a -> a.startsWith("-XX:"));
  }

  @Test
  void hedgewatch_java_opts_come_after_the_defaults_so_they_win() throws Exception {
    List<String> args = launch(Map.of("HEDGEWATCH_JAVA_OPTS", "-Xmx1g"), "run");
    assertThat(args.indexOf("-Xmx1g")).isGreaterThan(args.indexOf("-Xmx160m"));
  }

  @Test
  void a_rebuild_unlinks_the_old_jar_so_a_hedgewatch_running_from_it_keeps_its_classes()
      throws Exception {
    Path jar = home.resolve("target/hedgewatch.jar");
    Files.writeString(jar, "old classes");
    // what a running JVM holds: the old file itself, seen here through a second name
    Path running = home.resolve("running.jar");
    Files.createLink(running, jar);
    Files.createDirectories(home.resolve("src/main"));
    Files.writeString(home.resolve("src/main/Newer.java"), "changed after the jar was built");
    Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(0));
    // Maven's jar plugin rewrites the jar in place, as this fake mvn does
    executable(
        bin.resolve("mvn"), "#!/bin/sh\nprintf 'new classes' > \"$PWD/target/hedgewatch.jar\"\n");

    List<String> command = List.of("bash", home.resolve("hedgewatch").toString(), "check");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(out).contains("building");
    assertThat(Files.readString(jar)).isEqualTo("new classes");
    assertThat(Files.readString(running)).isEqualTo("old classes");
  }

  private List<String> launch(Map<String, String> env, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", home.resolve("hedgewatch").toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    builder.environment().remove("HEDGEWATCH_JAVA_OPTS");
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(out).isZero();
    assertThat(out).doesNotContain("building");
    return out.lines().toList();
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
