package io.hedgewatch.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One settled (or sampled) funding rate of a market, normalised to a fraction per hour, positive =
 * longs pay.
 */
public record FundingPoint(Instant at, BigDecimal rateHourly) {
  public FundingPoint {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(rateHourly, "rateHourly");
  }
}
