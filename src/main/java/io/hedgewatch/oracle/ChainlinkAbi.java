package io.hedgewatch.oracle;

import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.domain.AnswerBounds;
import io.hedgewatch.domain.ChainlinkRound;
import io.hedgewatch.domain.Read;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Int192;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.abi.datatypes.generated.Uint80;

/** The Chainlink AggregatorV3Interface and proxy reads hedgewatch makes, and their decoding. */
public final class ChainlinkAbi {

  public static final String LATEST_ROUND_DATA = Abi.encode("latestRoundData");
  public static final String DECIMALS = Abi.encode("decimals");
  public static final String DESCRIPTION = Abi.encode("description");
  public static final String AGGREGATOR = Abi.encode("aggregator");
  public static final String PHASE_ID = Abi.encode("phaseId");
  public static final String PROPOSED_AGGREGATOR = Abi.encode("proposedAggregator");
  public static final String MIN_ANSWER = Abi.encode("minAnswer");
  public static final String MAX_ANSWER = Abi.encode("maxAnswer");
  public static final String LATEST_ROUND = Abi.encode("latestRound");

  private static final String ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

  private ChainlinkAbi() {}

  /** The proxy's aggregator of a phase ({@code phaseAggregators(uint16)}). */
  public static String phaseAggregators(int phaseId) {
    return Abi.encode("phaseAggregators", new Uint16(phaseId));
  }

  /** {@code getRoundData(uint80)}: on an aggregator its own round id, on a proxy a proxy id. */
  public static String getRoundData(BigInteger roundId) {
    return Abi.encode("getRoundData", new Uint80(roundId));
  }

  public static Read<BigInteger> decodeUint256(CallOutcome outcome, String target) {
    return Abi.decode(outcome, target, List.of(new TypeReference<Uint256>() {}))
        .map(v -> big(v.get(0)));
  }

  public static Read<ChainlinkRound> decodeRound(CallOutcome outcome, String target) {
    return Abi.decode(
            outcome,
            target,
            List.of(
                new TypeReference<Uint80>() {},
                new TypeReference<Int256>() {},
                new TypeReference<Uint256>() {},
                new TypeReference<Uint256>() {},
                new TypeReference<Uint80>() {}))
        .map(
            v ->
                new ChainlinkRound(
                    big(v.get(0)), big(v.get(1)), big(v.get(2)), big(v.get(3)), big(v.get(4))));
  }

  public static Read<Integer> decodeDecimals(CallOutcome outcome, String target) {
    return Abi.decode(outcome, target, List.of(new TypeReference<Uint8>() {}))
        .map(v -> big(v.get(0)).intValueExact());
  }

  public static Read<Integer> decodePhaseId(CallOutcome outcome, String target) {
    return Abi.decode(outcome, target, List.of(new TypeReference<Uint16>() {}))
        .map(v -> big(v.get(0)).intValueExact());
  }

  public static Read<String> decodeDescription(CallOutcome outcome, String target) {
    return Abi.decodeString(outcome, target);
  }

  /** An address return; the zero address reads as absent (no aggregator proposed). */
  public static Read<Optional<String>> decodeAddress(CallOutcome outcome, String target) {
    return Abi.decode(outcome, target, List.of(new TypeReference<Address>() {}))
        .map(
            v -> {
              String address = ((Address) v.get(0)).getValue().toLowerCase(Locale.ROOT);
              return address.equals(ZERO_ADDRESS) ? Optional.<String>empty() : Optional.of(address);
            });
  }

  public static Read<BigInteger> decodeInt192(CallOutcome outcome, String target) {
    return Abi.decode(outcome, target, List.of(new TypeReference<Int192>() {}))
        .map(v -> big(v.get(0)));
  }

  public static Optional<AnswerBounds> bounds(Read<BigInteger> min, Read<BigInteger> max) {
    if (min.asOptional().isPresent() && max.asOptional().isPresent()) {
      return Optional.of(new AnswerBounds(min.asOptional().get(), max.asOptional().get()));
    }
    return Optional.empty();
  }

  @SuppressWarnings("rawtypes")
  static BigInteger big(Type value) {
    return (BigInteger) value.getValue();
  }
}
