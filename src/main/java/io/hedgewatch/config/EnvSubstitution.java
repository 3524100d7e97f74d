package io.hedgewatch.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in a scalar, read from an environment map. As in the
 * shell, the default applies when the variable is unset or empty; a set but empty variable without
 * a default gives the empty string. Other {@code $} characters are left alone.
 */
final class EnvSubstitution {

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private EnvSubstitution() {}

  /** A well-formed {@code ${NAME}} or {@code ${NAME:-default}} in a scalar. */
  record Reference(String name, boolean hasDefault) {}

  /**
   * The well-formed references in {@code text}, in order, so that a caller can say which variable
   * an empty or missing value came from without showing the value.
   */
  static List<Reference> references(String text) {
    List<Reference> references = new ArrayList<>();
    int i = 0;
    while (true) {
      int start = text.indexOf("${", i);
      int end = start < 0 ? -1 : text.indexOf('}', start + 2);
      if (end < 0) {
        return references;
      }
      String body = text.substring(start + 2, end);
      int sep = body.indexOf(":-");
      String name = sep < 0 ? body : body.substring(0, sep);
      if (NAME.matcher(name).matches()) {
        references.add(new Reference(name, sep >= 0));
      }
      i = end + 1;
    }
  }

  static String substitute(String text, Map<String, String> env) throws InvalidValueException {
    if (!text.contains("${")) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    List<String> unset = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int start = text.indexOf("${", i);
      if (start < 0) {
        out.append(text, i, text.length());
        break;
      }
      out.append(text, i, start);
      int end = text.indexOf('}', start + 2);
      if (end < 0) {
        throw new InvalidValueException(
            "'" + text + "' has an unterminated ${ (write ${NAME} or ${NAME:-default})");
      }
      String body = text.substring(start + 2, end);
      int sep = body.indexOf(":-");
      String name = sep < 0 ? body : body.substring(0, sep);
      if (!NAME.matcher(name).matches()) {
        throw new InvalidValueException(
            "'"
                + text
                + "' has a malformed reference ${"
                + body
                + "}: write ${NAME} or ${NAME:-default},"
                + " NAME being letters, digits and _");
      }
      String value = env.get(name);
      if (sep >= 0) {
        out.append(value == null || value.isEmpty() ? body.substring(sep + 2) : value);
      } else if (value == null) {
        unset.add(name);
      } else {
        out.append(value);
      }
      i = end + 1;
    }
    if (!unset.isEmpty()) {
      String names = String.join(", ", unset);
      throw new InvalidValueException(
          (unset.size() == 1
                  ? "environment variable " + names + " is not set"
                  : "environment variables " + names + " are not set")
              + (unset.size() == 1 ? " (set it" : " (set them")
              + ", or give a default: ${"
              + unset.get(0)
              + ":-value})");
    }
    return out.toString();
  }
}
