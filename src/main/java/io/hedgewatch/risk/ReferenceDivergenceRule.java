package io.hedgewatch.risk;

import static io.hedgewatch.risk.OracleRuleText.bpsText;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.ConversionRate;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.ReferenceSource;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.domain.SourceState;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code reference.divergence}: a reference venue's price is far from the median of the fresh
 * venues, so the composite left it out (OUTLIER). distance = |price - median| / median, compared
 * exactly; WARNING when distance &gt; warn (the same {@code warn} that made the venue an outlier),
 * CRITICAL when distance &gt; critical. {@code value} is the distance and {@code threshold} the
 * crossed level, both in bps.
 *
 * <p>Subject {@code reference:VENUE} (the venue's config name). A venue's outlying markets across
 * every composite given, target prices and conversion rates alike (binance ETHUSDT for ETH/USD,
 * binance BTCUSDT for BTC/USD, a venue's USDT/USD off its peg), merge into one alert per venue at
 * the worst severity, the largest distance first. The same market in the same composite pair seen
 * through several references (two feeds of ETH/USD, the USDT/USD rate every USDT market shares) is
 * counted once.
 */
public final class ReferenceDivergenceRule {

  public static final String ID = "reference.divergence";

  private ReferenceDivergenceRule() {}

  public static String subject(ReferenceVenue venue) {
    return "reference:" + venue.configName();
  }

  public static List<Alert> evaluate(Collection<ReferencePrice> references, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    Map<String, Outlier> unique = new LinkedHashMap<>();
    for (ReferencePrice r : references) {
      collect(r.pair(), r.sources(), r.freshMedian(), unique);
      for (ConversionRate c : r.conversions().values()) {
        collect(c, unique);
      }
    }
    BigDecimal warn = settings.ratio("warn");
    BigDecimal critical = settings.ratio("critical");
    Map<ReferenceVenue, List<Judged>> byVenue = new TreeMap<>();
    for (Outlier o : unique.values()) {
      BigDecimal gap = o.price().subtract(o.median()).abs();
      Optional<Breach> breach = Breach.above(gap, warn, critical, o.median());
      if (breach.isEmpty()) {
        continue;
      }
      Severity severity = breach.get().severity();
      BigDecimal level = breach.get().level();
      byVenue
          .computeIfAbsent(o.source().venue(), v -> new ArrayList<>())
          .add(new Judged(o, severity, level, OracleRuleText.ratioBps(gap, o.median())));
    }

    List<Alert> alerts = new ArrayList<>();
    for (Map.Entry<ReferenceVenue, List<Judged>> e : byVenue.entrySet()) {
      List<OracleRuleText.Finding> findings =
          e.getValue().stream()
              .sorted(Comparator.comparing(Judged::distanceBps).reversed())
              .map(ReferenceDivergenceRule::finding)
              .toList();
      alerts.addAll(
          OracleRuleText.merge(
              ID,
              subject(e.getKey()),
              "reference venue "
                  + e.getKey().configName()
                  + " is far from the other venues and left out of the reference price: ",
              findings));
    }
    return List.copyOf(alerts);
  }

  private record Outlier(Pair pair, ReferenceSource source, BigDecimal median) {
    BigDecimal price() {
      return source.convertedPrice().orElseThrow();
    }
  }

  private record Judged(
      Outlier outlier, Severity severity, BigDecimal level, BigDecimal distanceBps) {}

  private static void collect(ConversionRate rate, Map<String, Outlier> into) {
    collect(rate.pair(), rate.sources(), rate.freshMedian(), into);
    for (ConversionRate leg : rate.via()) {
      collect(leg, into);
    }
  }

  private static void collect(
      Pair pair,
      List<ReferenceSource> sources,
      Optional<BigDecimal> median,
      Map<String, Outlier> into) {
    for (ReferenceSource s : sources) {
      if (s.state() == SourceState.OUTLIER && median.isPresent()) {
        String key =
            pair + "|" + s.venue() + "|" + s.market().nativeSymbol() + "|" + s.market().pair();
        into.putIfAbsent(key, new Outlier(pair, s, median.get()));
      }
    }
  }

  private static OracleRuleText.Finding finding(Judged j) {
    Outlier o = j.outlier();
    ReferenceSource s = o.source();
    BigDecimal levelBps = OracleRuleText.bps(j.level());
    String converted =
        s.conversionRate().isPresent()
            ? " ("
                + s.nativePrice().orElseThrow().toPlainString()
                + " "
                + s.market().pair().quote()
                + " x "
                + s.conversionRate().get().toPlainString()
                + ")"
            : s.market().pair().equals(o.pair())
                ? ""
                : " (1 / "
                    + s.nativePrice().orElseThrow().toPlainString()
                    + " "
                    + s.market().pair()
                    + ")";
    String side = o.price().compareTo(o.median()) > 0 ? "above" : "below";
    String message =
        s.label()
            + " at "
            + o.price().toPlainString()
            + " "
            + o.pair().quote()
            + converted
            + " is "
            + bpsText(j.distanceBps(), levelBps)
            + " "
            + side
            + " the "
            + o.pair()
            + " median "
            + o.median().toPlainString()
            + " of the fresh venues, beyond the "
            + (j.severity() == Severity.CRITICAL ? "critical" : "warning")
            + " level of "
            + bpsText(levelBps);
    String venue = s.venue().configName();
    String action =
        (j.severity() == Severity.CRITICAL
                ? "do not use " + venue + "'s prices for margin or hedging decisions now; "
                : "")
            + "check "
            + s.label()
            + " for a halt, a thin book or its quote asset off its peg on "
            + venue
            + "; hedgewatch leaves it out of the reference while it is this far off";
    return new OracleRuleText.Finding(
        j.severity(), message, j.distanceBps().doubleValue(), levelBps.doubleValue(), action);
  }
}
