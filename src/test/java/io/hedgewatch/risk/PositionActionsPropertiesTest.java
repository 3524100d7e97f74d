package io.hedgewatch.risk;

import static io.hedgewatch.risk.PositionActions.addMargin;
import static io.hedgewatch.risk.PositionActions.cut;
import static io.hedgewatch.risk.PositionActions.fires;
import static io.hedgewatch.risk.PositionActions.number;
import static io.hedgewatch.risk.PositionActions.resize;
import static io.hedgewatch.risk.PositionActions.topUp;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.BufferBalance;
import io.hedgewatch.domain.HedgedExposure;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Over random positions and hedges (seeded; each assertion names its seed), every action whose
 * numbers can be applied is applied as the venue would show it, and the alert it came with clears:
 * margin added, a cut, a buffer top-up, a resized hedge.
 */
class PositionActionsPropertiesTest {

  private static final RuleSettingsLookup DEFAULTS = RuleSettingsLookup.defaults();

  static LongStream seeds() {
    return Seeds.seeds(300);
  }

  private static BigDecimal decimal(double value, int scale) {
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_EVEN);
  }

  private record Case(PositionSnapshot position, PositionContext context) {

    static Case random(Random r) {
      PositionSide side = r.nextBoolean() ? PositionSide.LONG : PositionSide.SHORT;
      BigDecimal size =
          decimal(Math.pow(10, -1 + 4 * r.nextDouble()), 3).max(new BigDecimal("0.001"));
      BigDecimal mark = decimal(Math.pow(10, 5 * r.nextDouble()), 4).max(new BigDecimal("0.01"));
      BigDecimal leverage = decimal(1 + 40 * r.nextDouble(), 2);
      BigDecimal equity = size.multiply(mark).divide(leverage, 6, RoundingMode.HALF_EVEN);
      BigDecimal mmr = decimal(0.005 + 0.05 * r.nextDouble(), 4);
      PositionSnapshot p =
          new PositionSnapshot(
              "p",
              "m",
              "random",
              PositionFixtures.NOW,
              side,
              size,
              Optional.empty(),
              mark,
              r.nextBoolean() ? MarginMode.CROSS : MarginMode.ISOLATED,
              equity,
              mmr.multiply(size).multiply(mark),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty());
      BigDecimal held =
          size.multiply(decimal(0.3 + 3.5 * r.nextDouble(), 3)).multiply(side.sign().negate());
      PositionContext ctx =
          PositionContext.of("ETH", "USDC")
              .withExposure(new HedgedExposure("ETH", held, Optional.of(mark), "config"))
              .withBuffer(
                  new BufferBalance(
                      "USDC",
                      "0xb0ff",
                      equity.multiply(decimal(r.nextDouble(), 3)),
                      Optional.of(BigDecimal.ONE),
                      "t"));
      if (r.nextBoolean()) {
        ctx =
            ctx.withVolatility(
                new RealisedVolatility(0.2 + 2.5 * r.nextDouble(), 168, Duration.ofHours(1), "t"));
      }
      return new Case(p, ctx);
    }

    List<Alert> alerts() {
      return PositionRules.evaluate(position, context, DEFAULTS);
    }

    List<Alert> alerts(PositionSnapshot p) {
      return PositionRules.evaluate(p, context, DEFAULTS);
    }
  }

  private static String side(PositionSnapshot p) {
    return p.side().name().toLowerCase(java.util.Locale.ROOT);
  }

  /** So that the property above cannot pass by never meeting an action. */
  @Test
  void the_generator_meets_every_kind_of_action() {
    java.util.Map<String, Integer> seen = new java.util.TreeMap<>();
    seeds()
        .forEach(
            seed -> {
              Case c = Case.random(new Random(seed));
              for (Alert a : c.alerts()) {
                String t = a.action();
                String s = side(c.position());
                if (number(t, "add ", " USDC of margin").isPresent()) {
                  seen.merge(a.rule() + " add", 1, Integer::sum);
                }
                if (number(t, "cut the " + s + " by ", " ETH").isPresent()) {
                  seen.merge(a.rule() + " cut", 1, Integer::sum);
                }
                if (number(t, "raise the " + s + " by ", " ETH").isPresent()) {
                  seen.merge(a.rule() + " raise", 1, Integer::sum);
                }
                if (t.contains("chance of touching")) {
                  seen.merge(a.rule() + " probability", 1, Integer::sum);
                }
              }
            });
    assertThat(seen)
        .containsKeys(
            "position.liquidation-distance add",
            "position.liquidation-distance cut",
            "position.liquidation-distance probability",
            "position.margin add",
            "position.margin cut",
            "position.leverage add",
            "position.leverage cut",
            "buffer.insufficient cut",
            "hedge.ratio raise",
            "hedge.ratio cut");
    assertThat(seen.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(5));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void applying_an_alerts_action_clears_it(long seed) {
    Case c = Case.random(new Random(seed));
    PositionSnapshot p = c.position();
    for (Alert a : c.alerts()) {
      String text = a.action();
      Optional<BigDecimal> cutBy = number(text, "cut the " + side(p) + " by ", " ETH");
      switch (a.rule()) {
        case "position.liquidation-distance", "position.margin", "position.leverage" -> {
          number(text, "add ", " USDC of margin")
              .ifPresent(
                  add ->
                      assertThat(fires(c.alerts(addMargin(p, add)), a.rule()))
                          .as("seed %d: %s after adding %s: %s", seed, a.rule(), add, text)
                          .isFalse());
          cutBy.ifPresent(
              by ->
                  assertThat(fires(c.alerts(cut(p, by)), a.rule()))
                      .as("seed %d: %s after cutting %s: %s", seed, a.rule(), by, text)
                      .isFalse());
        }
        case "buffer.insufficient" -> {
          BigDecimal top = number(text, "add ", " USDC to the buffer").orElseThrow();
          PositionContext topped = c.context().withBuffer(topUp(c.context().buffer().get(), top));
          assertThat(fires(PositionRules.evaluate(p, topped, DEFAULTS), a.rule()))
              .as("seed %d: after a top-up of %s: %s", seed, top, text)
              .isFalse();
          BigDecimal margin = number(text, "or ", " USDC of margin from elsewhere").orElseThrow();
          assertThat(fires(c.alerts(addMargin(p, margin)), a.rule()))
              .as("seed %d: after %s of margin: %s", seed, margin, text)
              .isFalse();
          cutBy.ifPresent(
              by ->
                  assertThat(fires(c.alerts(cut(p, by)), a.rule()))
                      .as("seed %d: after cutting %s: %s", seed, by, text)
                      .isFalse());
        }
        case "hedge.ratio" -> {
          Optional<BigDecimal> raise = number(text, "raise the " + side(p) + " by ", " ETH");
          PositionSnapshot resized =
              raise
                  .map(x -> resize(p, p.size().add(x)))
                  .orElseGet(() -> cutBy.map(x -> cut(p, x)).orElse(null));
          if (resized == null) {
            continue;
          }
          assertThat(fires(c.alerts(resized), a.rule()))
              .as("seed %d: hedge after %s", seed, text)
              .isFalse();
          Optional<BigDecimal> withMargin = number(text, "and add ", " USDC of margin");
          if (withMargin.isPresent()) {
            assertThat(
                    fires(
                        c.alerts(addMargin(resized, withMargin.get())),
                        "position.liquidation-distance"))
                .as(
                    "seed %d: liquidation distance of the raised hedge with %s: %s",
                    seed, withMargin.get(), text)
                .isFalse();
          }
        }
        default -> {}
      }
    }
  }
}
