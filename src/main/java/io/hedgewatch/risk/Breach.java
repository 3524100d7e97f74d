package io.hedgewatch.risk;

import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * The judgement of a value against a rule's warn and critical levels: the severity it reaches and
 * the level it is beyond, critical first. The comparison is strict (a value at a level does not
 * reach it) and exact: a level that is a fraction of some base is compared as value against level ×
 * base, never value / base against level, so that no rounding decides an alert.
 *
 * @param severity WARNING or CRITICAL
 * @param level the warn or critical level that was passed, as the rule's settings give it
 */
record Breach(Severity severity, BigDecimal level) {

  Breach {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(level, "level");
  }

  /** CRITICAL when value &gt; critical, WARNING when value &gt; warn, else none. */
  static Optional<Breach> above(BigDecimal value, BigDecimal warn, BigDecimal critical) {
    return above(value, warn, critical, BigDecimal.ONE);
  }

  /** CRITICAL when value &gt; critical × base, WARNING when value &gt; warn × base, else none. */
  static Optional<Breach> above(
      BigDecimal value, BigDecimal warn, BigDecimal critical, BigDecimal base) {
    if (value.compareTo(critical.multiply(base)) > 0) {
      return Optional.of(new Breach(Severity.CRITICAL, critical));
    }
    if (value.compareTo(warn.multiply(base)) > 0) {
      return Optional.of(new Breach(Severity.WARNING, warn));
    }
    return Optional.empty();
  }

  /** CRITICAL when value &lt; critical, WARNING when value &lt; warn, else none. */
  static Optional<Breach> below(BigDecimal value, BigDecimal warn, BigDecimal critical) {
    return below(value, warn, critical, BigDecimal.ONE);
  }

  /** CRITICAL when value &lt; critical × base, WARNING when value &lt; warn × base, else none. */
  static Optional<Breach> below(
      BigDecimal value, BigDecimal warn, BigDecimal critical, BigDecimal base) {
    if (value.compareTo(critical.multiply(base)) < 0) {
      return Optional.of(new Breach(Severity.CRITICAL, critical));
    }
    if (value.compareTo(warn.multiply(base)) < 0) {
      return Optional.of(new Breach(Severity.WARNING, warn));
    }
    return Optional.empty();
  }
}
