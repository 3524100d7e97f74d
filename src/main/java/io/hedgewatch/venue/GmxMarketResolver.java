package io.hedgewatch.venue;

import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ChainReader;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns configured GMX v2 markets (a market token and how to price its tokens) into the {@link
 * GmxV2Reader.Market}s the reader needs: the market's index, long and short tokens from {@code
 * Reader.getMarket}, each token's decimals from its ERC-20 {@code decimals()}. GMX's synthetic
 * index tokens (BTC in BTC/USD [WBTC-USDC]) are plain addresses with no contract, so their decimals
 * must be given. Two eth_calls in all, whatever the number of markets; done once, since a GMX
 * market never changes tokens and tokens never change decimals.
 */
public final class GmxMarketResolver {

  static final String DECIMALS = "decimals()";
  private static final String ZERO_ADDRESS = "0x" + "0".repeat(40);

  /**
   * One configured market.
   *
   * @param indexPriceKey what the reader's price function is asked for the index token's price
   * @param longPriceKey likewise for the long token
   * @param shortPriceKey likewise for the short token
   * @param indexDecimals the index token's decimals, when it has no contract to ask
   */
  public record Spec(
      String marketToken,
      String indexPriceKey,
      String longPriceKey,
      String shortPriceKey,
      Optional<Integer> indexDecimals) {
    public Spec {
      Objects.requireNonNull(marketToken, "marketToken");
      Objects.requireNonNull(indexPriceKey, "indexPriceKey");
      Objects.requireNonNull(longPriceKey, "longPriceKey");
      Objects.requireNonNull(shortPriceKey, "shortPriceKey");
      Objects.requireNonNull(indexDecimals, "indexDecimals");
    }
  }

  /** A market ready for the reader, with the tokens {@code getMarket} gave. */
  public record Resolved(GmxV2Reader.Market market, GmxV2Abi.MarketProps props) {}

  private GmxMarketResolver() {}

  /**
   * Resolves every spec at {@code block}, one read per spec in the order given: a market the
   * DataStore does not list, or a token whose decimals cannot be read, fails with the reason.
   *
   * @throws IOException when the chain cannot be read at all
   */
  public static List<Read<Resolved>> resolve(
      ChainReader chain, long block, String reader, String dataStore, List<Spec> specs)
      throws IOException {
    List<ContractCall> marketCalls =
        specs.stream()
            .map(s -> new ContractCall(reader, GmxV2Abi.getMarket(dataStore, s.marketToken())))
            .toList();
    List<CallOutcome> marketOutcomes =
        marketCalls.isEmpty() ? List.of() : chain.readAt(block, marketCalls).outcomes();
    List<Read<GmxV2Abi.MarketProps>> props = new ArrayList<>();
    Set<String> tokens = new LinkedHashSet<>();
    for (int i = 0; i < specs.size(); i++) {
      Spec spec = specs.get(i);
      Read<GmxV2Abi.MarketProps> read = GmxV2Abi.decodeMarket(marketOutcomes.get(i), reader);
      if (read.asOptional().filter(p -> p.marketToken().equals(ZERO_ADDRESS)).isPresent()) {
        read =
            Read.failed(
                new ReadFailure.Unavailable(
                    "no GMX market "
                        + spec.marketToken()
                        + " in DataStore "
                        + dataStore
                        + " (getMarket is empty)"));
      }
      props.add(read);
      read.asOptional()
          .ifPresent(
              p -> {
                if (spec.indexDecimals().isEmpty()) {
                  tokens.add(p.indexToken());
                }
                tokens.add(p.longToken());
                tokens.add(p.shortToken());
              });
    }
    Map<String, Read<Integer>> decimals = readDecimals(chain, block, List.copyOf(tokens));
    List<Read<Resolved>> result = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      Spec spec = specs.get(i);
      Read<GmxV2Abi.MarketProps> read = props.get(i);
      if (read.failureIfAny().isPresent()) {
        result.add(
            Read.failed(
                AbiWords.withCall(
                    "getMarket(" + spec.marketToken() + ")", read.failureIfAny().get())));
        continue;
      }
      result.add(resolved(spec, read.asOptional().get(), decimals));
    }
    return result;
  }

  private static Read<Resolved> resolved(
      Spec spec, GmxV2Abi.MarketProps props, Map<String, Read<Integer>> decimals) {
    Read<Integer> index =
        spec.indexDecimals().map(Read::ok).orElseGet(() -> decimals.get(props.indexToken()));
    if (index.failureIfAny().isPresent()) {
      String because =
          index.failureIfAny().get() instanceof ReadFailure.NoCode
              ? "has no contract (a synthetic index token)"
              : "answers no decimals() (" + index.failureIfAny().get().describe() + ")";
      return Read.failed(
          new ReadFailure.Unavailable(
              "the index token "
                  + props.indexToken()
                  + " of GMX market "
                  + spec.marketToken()
                  + " "
                  + because
                  + ": give the market indexDecimals"));
    }
    Read<Integer> longToken = decimals.get(props.longToken());
    Read<Integer> shortToken = decimals.get(props.shortToken());
    for (var token :
        List.of(
            Map.entry(props.longToken(), longToken), Map.entry(props.shortToken(), shortToken))) {
      if (token.getValue().failureIfAny().isPresent()) {
        return Read.failed(
            new ReadFailure.Unavailable(
                "cannot read decimals() of token "
                    + token.getKey()
                    + " of GMX market "
                    + spec.marketToken()
                    + ": "
                    + token.getValue().failureIfAny().get().describe()));
      }
    }
    return Read.ok(
        new Resolved(
            new GmxV2Reader.Market(
                spec.marketToken(),
                new GmxV2Reader.Token(spec.indexPriceKey(), index.asOptional().get()),
                new GmxV2Reader.Token(spec.longPriceKey(), longToken.asOptional().get()),
                new GmxV2Reader.Token(spec.shortPriceKey(), shortToken.asOptional().get())),
            props));
  }

  private static Map<String, Read<Integer>> readDecimals(
      ChainReader chain, long block, List<String> tokens) throws IOException {
    Map<String, Read<Integer>> decimals = new LinkedHashMap<>();
    if (tokens.isEmpty()) {
      return decimals;
    }
    List<ContractCall> calls =
        tokens.stream().map(t -> new ContractCall(t, AbiWords.call(DECIMALS))).toList();
    List<CallOutcome> outcomes = chain.readAt(block, calls).outcomes();
    for (int i = 0; i < tokens.size(); i++) {
      decimals.put(tokens.get(i), decodeDecimals(outcomes.get(i), tokens.get(i)));
    }
    return decimals;
  }

  /** ERC-20 decimals is a uint8; GMX prices tokens of at most 30 decimals. */
  static Read<Integer> decodeDecimals(CallOutcome outcome, String token) {
    Read<BigInteger> raw = GmxV2Abi.decodeUint(outcome, token);
    if (raw.failureIfAny().isPresent()) {
      return Read.failed(raw.failureIfAny().get());
    }
    BigInteger value = raw.asOptional().get();
    if (value.compareTo(BigInteger.valueOf(GmxV2Reader.FLOAT_DECIMALS)) > 0) {
      return Read.failed(
          new ReadFailure.Malformed(
              "decimals() of "
                  + token
                  + " is "
                  + value
                  + ": GMX prices tokens of at most "
                  + GmxV2Reader.FLOAT_DECIMALS
                  + " decimals"));
    }
    return Read.ok(value.intValueExact());
  }
}
