package io.hedgewatch.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;

/**
 * Reads YAML text into a {@link JsonNode} tree whose scalars keep their source text.
 *
 * <p>The tree is built from Jackson's YAML token stream rather than with {@code readTree}, because
 * YAML 1.1 typing loses what the loader needs: an unquoted {@code 0x639Fe6ab…} address becomes a
 * 160-bit integer (its checksum case gone), {@code 0.10} a double and {@code .inf} an exception. So
 * every scalar becomes a {@code TextNode} with the text as written, YAML null (including an empty
 * value, {@code key:}) becomes {@code NullNode}, and the loader applies the types. Duplicate keys
 * are an error ({@link StreamReadFeature#STRICT_DUPLICATE_DETECTION}), as are aliases and a second
 * document.
 */
final class YamlTree {

  /**
   * The outcome of reading: a root node (which may be {@code NullNode} for an empty file) or one
   * problem.
   */
  sealed interface Result {
    record Parsed(JsonNode root) implements Result {}

    record Failed(ConfigProblem problem) implements Result {}
  }

  private static final YAMLFactory FACTORY =
      YAMLFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(
              YAMLParser.Feature.EMPTY_STRING_AS_NULL) // `key:` is null; a quoted "" stays a string
          .build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * A config nests about six levels deep; far deeper input is refused before the recursion can
   * exhaust the stack.
   */
  static final int MAX_DEPTH = 100;

  /** Thrown inside the builder for a construct the loader refuses; carries the path and message. */
  private static final class Refused extends Exception {
    final ConfigProblem problem;

    Refused(String path, String message) {
      super(message, null, false, false);
      this.problem = new ConfigProblem(path, message);
    }
  }

  private YamlTree() {}

  static Result read(String text) {
    PathTracker where = new PathTracker();
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return new Result.Parsed(NODES.nullNode());
      }
      JsonNode root = value(parser, first, "", 0, where);
      JsonToken extra = parser.nextToken();
      if (extra != null) {
        return new Result.Failed(
            new ConfigProblem(
                "",
                "the file holds more than one YAML document (another starts at line "
                    + parser.currentTokenLocation().getLineNr()
                    + "); hedgewatch reads a single document"));
      }
      return new Result.Parsed(root);
    } catch (Refused e) {
      return new Result.Failed(e.problem);
    } catch (JsonProcessingException e) {
      return new Result.Failed(describe(e, where));
    } catch (IOException | RuntimeException e) {
      // SnakeYAML reports some limits (document size, nesting) as unchecked exceptions
      return new Result.Failed(
          new ConfigProblem("", "cannot parse YAML: " + oneLine(String.valueOf(e.getMessage()))));
    }
  }

  /**
   * The path of the mapping or list being read, so that a duplicate key can be named by its path.
   */
  private static final class PathTracker {
    String current = "";
  }

  private static JsonNode value(
      JsonParser parser, JsonToken token, String path, int depth, PathTracker where)
      throws IOException, Refused {
    if (depth > MAX_DEPTH) {
      throw new Refused(
          path.length() > 200 ? path.substring(0, 200) + "..." : path,
          "nested more than "
              + MAX_DEPTH
              + " levels deep at line "
              + parser.currentTokenLocation().getLineNr());
    }
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      throw new Refused(
          path, "YAML aliases (*" + parser.getText() + ") are not supported: write the value out");
    }
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        where.current = path;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String key = parser.currentName();
          String child = ConfigLoader.join(path, key);
          object.set(key, value(parser, parser.nextToken(), child, depth + 1, where));
          where.current = path;
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        JsonToken t;
        where.current = path;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
          array.add(value(parser, t, path + "[" + array.size() + "]", depth + 1, where));
          where.current = path;
        }
        return array;
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> {
        if (token.isScalarValue()) {
          return NODES.textNode(parser.getText());
        }
        throw new Refused(path, "unexpected YAML construct " + token);
      }
    }
  }

  private static ConfigProblem describe(JsonProcessingException e, PathTracker where) {
    JsonLocation at = e.getLocation();
    String position =
        at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    if (e instanceof JsonParseException && original.startsWith("Duplicate field '")) {
      String key = original.substring("Duplicate field '".length(), original.length() - 1);
      return new ConfigProblem(
          ConfigLoader.join(where.current, key),
          "duplicate key '" + key + "'" + position + ": a key may appear only once in a mapping");
    }
    String reason;
    if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked) {
      reason =
          marked.getProblem()
              + (marked.getContext() == null ? "" : " (" + marked.getContext() + ")");
    } else if (original.startsWith("Expected a field name")) {
      reason = "a key must be a single value, not a list or a mapping";
    } else {
      reason = original;
    }
    return new ConfigProblem("", "malformed YAML" + position + ": " + oneLine(reason));
  }

  static String oneLine(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }
}
