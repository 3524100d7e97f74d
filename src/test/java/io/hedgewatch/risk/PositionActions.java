package io.hedgewatch.risk;

import static org.assertj.core.api.Assertions.fail;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.BufferBalance;
import io.hedgewatch.domain.PositionSnapshot;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the numbers out of an alert's action, as a person or a bot would, and applies them to a
 * snapshot the way the venue would show it afterwards: margin added raises the equity, a cut keeps
 * the equity and scales the maintenance margin with the size.
 */
final class PositionActions {

  private static final String NUMBER = "([0-9][0-9,]*(?:\\.[0-9]+)?)";

  private PositionActions() {}

  static Optional<BigDecimal> number(String text, String before, String after) {
    Matcher m =
        Pattern.compile(Pattern.quote(before) + NUMBER + Pattern.quote(after)).matcher(text);
    return m.find() ? Optional.of(new BigDecimal(m.group(1).replace(",", ""))) : Optional.empty();
  }

  static BigDecimal required(String text, String before, String after) {
    return number(text, before, after)
        .orElseGet(() -> fail("no '%s<number>%s' in: %s", before, after, text));
  }

  static Alert only(List<Alert> alerts, String rule) {
    List<Alert> of = alerts.stream().filter(a -> a.rule().equals(rule)).toList();
    if (of.size() != 1) {
      fail("expected one %s alert, got %s", rule, alerts);
    }
    return of.get(0);
  }

  static boolean fires(List<Alert> alerts, String rule) {
    return alerts.stream().anyMatch(a -> a.rule().equals(rule));
  }

  /** "add N USDC of margin": the equity rises by N. */
  static PositionSnapshot addMargin(PositionSnapshot p, BigDecimal amount) {
    return PositionFixtures.with(p, p.size(), p.equity().add(amount), p.maintenanceMargin());
  }

  /** "cut the short by N ETH (keeping its margin)": same equity, maintenance scaled with size. */
  static PositionSnapshot cut(PositionSnapshot p, BigDecimal amount) {
    return resize(p, p.size().subtract(amount));
  }

  static PositionSnapshot resize(PositionSnapshot p, BigDecimal newSize) {
    BigDecimal maintenance =
        p.maintenanceMargin().multiply(newSize).divide(p.size(), MathContext.DECIMAL128);
    return PositionFixtures.with(p, newSize, p.equity(), maintenance);
  }

  static BufferBalance topUp(BufferBalance b, BigDecimal amount) {
    return new BufferBalance(b.token(), b.holder(), b.amount().add(amount), b.price(), b.source());
  }
}
