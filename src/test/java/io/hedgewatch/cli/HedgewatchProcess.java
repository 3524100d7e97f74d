package io.hedgewatch.cli;

import io.hedgewatch.devnet.Anvil;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** {@code hedgewatch} as a user starts it: a JVM of its own on the test's classpath. */
final class HedgewatchProcess {

  private HedgewatchProcess() {}

  /** A process builder for {@code hedgewatch ARGS}, with the test's anvil home passed on. */
  static ProcessBuilder builder(List<String> args) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    Optional.ofNullable(System.getProperty(Anvil.HOME_PROPERTY))
        .ifPresent(home -> command.add("-D" + Anvil.HOME_PROPERTY + "=" + home));
    command.add(Main.class.getName());
    command.addAll(args);
    return new ProcessBuilder(command);
  }

  /** Collects the child's stdout lines on a thread of its own, as a terminal would show them. */
  static List<String> stdoutLines(Process process, String threadName) {
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process ended
              }
            },
            threadName);
    reader.setDaemon(true);
    reader.start();
    return lines;
  }
}
