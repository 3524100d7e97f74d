package io.hedgewatch.bench;

import static org.awaitility.Awaitility.await;

import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.testing.DistinctFeeds;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./hedgewatch run} in a process of its own, with the launcher's JVM flags, on the devnet
 * with {@code n} Chainlink feeds (the devnet's 4 and distinct aggregators) and the two positions:
 * the time from starting the launcher to the first complete cycle (JVM start included), and the
 * process's resident memory ({@code VmRSS}) sampled every 10 s over the soak. Issue 9's "under 256
 * MB resident" and "first cycle within 3 s of start" are about this process; MonitorBench's
 * in-process figures are not.
 *
 * <p>Run after {@code mvn -B -ntp -q package -DskipTests} (the launcher would otherwise build
 * first): {@code mvn -B -ntp -q exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.hedgewatch.bench.ServiceProcessBench -Dexec.args="1000 3600"} (feeds, soak
 * seconds).
 */
public final class ServiceProcessBench {

  private static final Pattern CYCLES =
      Pattern.compile(
          "^hedgewatch_cycle_duration_seconds_count(?:\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);

  private ServiceProcessBench() {}

  public static void main(String[] args) throws Exception {
    int feeds = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int soakSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 3600;
    Path home = Path.of("").toAbsolutePath();
    Path dir = Files.createTempDirectory("hedgewatch-service-bench");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    try (Devnet devnet = Devnet.start()) {
      List<String> extras = DistinctFeeds.configLines(devnet, Math.max(0, feeds - 4));
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Path config = dir.resolve("bench-" + feeds + ".yaml");
      devnet.writeConfig(config);
      Files.writeString(
          config,
          Files.readString(config)
              + String.join("", extras)
              + MonitorBench.POSITIONS
              + "\napi: { bind: \"127.0.0.1:"
              + port
              + "\" }\n");
      String metrics = "http://127.0.0.1:" + port + "/metrics";

      long start = System.nanoTime();
      Process process =
          new ProcessBuilder(
                  "bash",
                  home.resolve("hedgewatch").toString(),
                  "run",
                  "--config",
                  config.toString())
              .directory(dir.toFile())
              .redirectOutput(dir.resolve("stdout.log").toFile())
              .redirectError(dir.resolve("stderr.log").toFile())
              .start();
      try {
        await()
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> !process.isAlive() || cycles(http, metrics) >= 1);
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "hedgewatch run exited " + process.exitValue() + ", see " + dir);
        }
        double firstCycle = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "feeds %d: launcher start to first complete cycle %.2f s (JVM start included)%n",
            feeds,
            firstCycle);
        long peak = 0;
        long soakEnd = start + TimeUnit.SECONDS.toNanos(soakSeconds);
        while (System.nanoTime() < soakEnd && process.isAlive()) {
          // waitFor as the sampling clock: it also ends the soak at once if the process dies
          process.waitFor(10, TimeUnit.SECONDS);
          if (!process.isAlive()) {
            break;
          }
          long rss = rssKb(process.pid());
          peak = Math.max(peak, rss);
          System.out.printf(
              Locale.ROOT,
              "t=%4d s  cycles %6.0f  VmRSS %6.1f MB%n",
              TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start),
              cycles(http, metrics),
              rss / 1024.0);
        }
        System.out.printf(Locale.ROOT, "peak VmRSS %.1f MB%n", peak / 1024.0);
      } finally {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
        process.destroyForcibly();
      }
    }
  }

  private static double cycles(HttpClient http, String url) throws InterruptedException {
    try {
      HttpResponse<String> reply =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = CYCLES.matcher(reply.body());
      return m.find() ? Double.parseDouble(m.group(1)) : 0;
    } catch (IOException e) {
      return 0; // not serving yet
    }
  }

  private static long rssKb(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new IOException("no VmRSS for process " + pid);
  }
}
