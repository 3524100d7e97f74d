package io.hedgewatch.risk;

import static io.hedgewatch.risk.OracleRuleText.duration;
import static io.hedgewatch.risk.OracleRuleText.instantOf;
import static io.hedgewatch.risk.OracleRuleText.price;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.ChainlinkRound;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.PythPrice;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.OracleRuleText.Finding;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code oracle.round}: the latest round is unusable or suspicious. Chainlink: CRITICAL for a
 * non-positive answer or an incomplete round ({@code updatedAt} or {@code startedAt} is 0); WARNING
 * for a carried-over answer ({@code answeredInRound < roundId}) or an {@code updatedAt} after the
 * block's timestamp. Pyth: CRITICAL for a non-positive price or a {@code publishTime} of 0. Every
 * condition found goes into one alert at the worst severity. The conditions are facts, not
 * measurements: {@code value} and {@code threshold} are null, the numbers are in the message.
 */
public final class OracleRoundRule {

  public static final String ID = "oracle.round";

  private static final String UNUSABLE_ACTION =
      "do not act on this price: protocols that check the round will revert, those that do not will use a bad"
          + " price; compare with the reference venues and ask the feed's operator";
  private static final String SUSPICIOUS_ACTION =
      "check the feed's recent rounds and its aggregator before relying on its price";

  private OracleRoundRule() {}

  public static List<Alert> evaluate(
      FeedReading.Chainlink reading, BlockRef block, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    ChainlinkRound round = reading.round();
    List<Finding> findings = new ArrayList<>();
    if (round.answer().signum() <= 0) {
      findings.add(
          new Finding(
              Severity.CRITICAL,
              "non-positive answer "
                  + price(round.answer(), reading.decimals())
                  + " (raw "
                  + round.answer()
                  + ")",
              null,
              null,
              UNUSABLE_ACTION));
    }
    if (round.updatedAt().signum() == 0 || round.startedAt().signum() == 0) {
      findings.add(
          new Finding(
              Severity.CRITICAL,
              "incomplete round (startedAt "
                  + round.startedAt()
                  + ", updatedAt "
                  + round.updatedAt()
                  + ")",
              null,
              null,
              UNUSABLE_ACTION));
    }
    if (round.answeredInRound().compareTo(round.roundId()) < 0) {
      findings.add(
          new Finding(
              Severity.WARNING,
              "answer carried over from round " + roundText(round.answeredInRound()),
              null,
              null,
              SUSPICIOUS_ACTION));
    }
    if (round.updatedAt().compareTo(BigInteger.valueOf(block.timestamp().getEpochSecond())) > 0) {
      Instant updatedAt = instantOf(round.updatedAt());
      findings.add(
          new Finding(
              Severity.WARNING,
              "updatedAt "
                  + updatedAt
                  + " is "
                  + duration(Duration.between(block.timestamp(), updatedAt))
                  + " after block "
                  + block.number()
                  + " ("
                  + block.timestamp()
                  + ")",
              null,
              null,
              SUSPICIOUS_ACTION));
    }
    return OracleRuleText.merge(
        ID,
        OracleRuleText.feedSubject(reading.feedId()),
        "feed " + reading.feedId() + " round " + roundText(round.roundId()) + ": ",
        findings);
  }

  /** A proxy round id with its parts: {@code phaseId << 64 | aggregatorRound}. */
  static String roundText(BigInteger roundId) {
    if (roundId.bitLength() <= 64) {
      return roundId.toString();
    }
    BigInteger aggregatorRound = roundId.and(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
    return roundId
        + " (phase "
        + roundId.shiftRight(64)
        + ", aggregator round "
        + aggregatorRound
        + ")";
  }

  public static List<Alert> evaluate(FeedReading.Pyth reading, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    PythPrice p = reading.price();
    List<Finding> findings = new ArrayList<>();
    if (p.price() <= 0) {
      findings.add(
          new Finding(
              Severity.CRITICAL,
              "non-positive price "
                  + p.value().toPlainString()
                  + " (raw "
                  + p.price()
                  + ", expo "
                  + p.expo()
                  + ")",
              null,
              null,
              UNUSABLE_ACTION));
    }
    if (p.publishTime() == 0) {
      findings.add(
          new Finding(
              Severity.CRITICAL,
              "publishTime is 0: the price was never published",
              null,
              null,
              UNUSABLE_ACTION));
    }
    return OracleRuleText.merge(
        ID,
        OracleRuleText.feedSubject(reading.feedId()),
        "feed " + reading.feedId() + " (Pyth " + reading.priceId() + "): ",
        findings);
  }
}
