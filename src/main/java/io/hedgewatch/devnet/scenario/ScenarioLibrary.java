package io.hedgewatch.devnet.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The scenarios shipped with hedgewatch: {@code config/scenarios/*.yaml}, copied into the jar under
 * {@value #RESOURCE_DIR} by the build so that {@code hedgewatch demo} plays them from anywhere.
 */
public final class ScenarioLibrary {

  static final String RESOURCE_DIR = "scenarios";

  private ScenarioLibrary() {}

  /** The names of the shipped scenarios, sorted. */
  public static List<String> available() {
    URL dir = ScenarioLibrary.class.getClassLoader().getResource(RESOURCE_DIR);
    if (dir == null) {
      return List.of();
    }
    try {
      URI uri = dir.toURI();
      if ("jar".equals(uri.getScheme())) {
        FileSystem fs;
        try {
          fs = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
          fs = FileSystems.getFileSystem(uri);
        }
        return names(fs.getPath(RESOURCE_DIR));
      }
      return names(Path.of(uri));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the shipped scenarios", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the scenarios' resource URL is not a URI: " + dir, e);
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(".yaml"))
          .map(f -> f.substring(0, f.length() - ".yaml".length()))
          .sorted()
          .toList();
    }
  }

  /** The shipped scenario {@code name}, parsed; empty when there is none of that name. */
  public static Optional<Scenario> load(String name) {
    if (!name.matches("[a-z0-9][a-z0-9-]*")) {
      return Optional.empty();
    }
    try (InputStream in =
        ScenarioLibrary.class
            .getClassLoader()
            .getResourceAsStream(RESOURCE_DIR + "/" + name + ".yaml")) {
      if (in == null) {
        return Optional.empty();
      }
      return Optional.of(
          ScenarioParser.parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the scenario " + name, e);
    }
  }
}
