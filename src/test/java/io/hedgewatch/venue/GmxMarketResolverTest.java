package io.hedgewatch.venue;

import static io.hedgewatch.venue.OnChainTesting.BLOCK;
import static io.hedgewatch.venue.OnChainTesting.address;
import static io.hedgewatch.venue.OnChainTesting.ok;
import static io.hedgewatch.venue.OnChainTesting.uint;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.chain.BlockReads;
import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.domain.Read;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** GMX markets' tokens and decimals, resolved in two reads whatever the number of markets. */
class GmxMarketResolverTest {

  private static final String READER = "0x470fbc46bcc0f16532691df360a07d8bf5ee0789";
  private static final String DATA_STORE = "0xfd70de6b91282d8017aa4e741e9ae325cab992d8";
  private static final String ETH_MARKET = "0x70d95587d40a2caf56bd97485ab3eec10bee6336";
  private static final String BTC_MARKET = "0x47c031236e19d024b42f8ae6780e44a573170703";
  private static final String UNLISTED = "0x1111111111111111111111111111111111111111";
  private static final String WETH = "0x82af49447d8a07e3bd95bd0d56f35241523fbab1";
  private static final String USDC = "0xaf88d065e77c8cc2239327c5edb3a432268e5831";
  private static final String WBTC = "0x2f2a2543b76a4166549f7aab2e75bef0aefc5b0f";
  private static final String BTC_INDEX = "0x47904963fc8b2340414262125af798b9655e58cd";
  private static final String ZERO = "0x" + "0".repeat(40);

  /** Answers getMarket by market token and decimals() by token; counts the reads. */
  private static final class ScriptedChain extends OnChainTesting.NoChain {
    final Map<String, CallOutcome> markets = new HashMap<>();
    final Map<String, CallOutcome> decimals = new HashMap<>();
    final List<List<ContractCall>> reads = new ArrayList<>();

    @Override
    public BlockReads readAt(long block, List<ContractCall> calls) {
      reads.add(calls);
      List<CallOutcome> outcomes = new ArrayList<>();
      for (ContractCall call : calls) {
        if (call.callData().startsWith(AbiWords.selector(GmxMarketResolver.DECIMALS))) {
          outcomes.add(decimals.getOrDefault(call.target(), ok()));
        } else {
          String market = "0x" + call.callData().substring(call.callData().length() - 40);
          outcomes.add(markets.get(market));
        }
      }
      return new BlockReads(BLOCK, outcomes);
    }
  }

  private static CallOutcome market(String token, String index, String longToken, String short_) {
    return ok(address(token), address(index), address(longToken), address(short_));
  }

  private static GmxMarketResolver.Spec spec(String market, Optional<Integer> indexDecimals) {
    return new GmxMarketResolver.Spec(market, "index", "long", "short", indexDecimals);
  }

  private static ScriptedChain arbitrum() {
    ScriptedChain chain = new ScriptedChain();
    chain.markets.put(ETH_MARKET, market(ETH_MARKET, WETH, WETH, USDC));
    chain.markets.put(BTC_MARKET, market(BTC_MARKET, BTC_INDEX, WBTC, USDC));
    chain.markets.put(UNLISTED, market(ZERO, ZERO, ZERO, ZERO));
    chain.decimals.put(WETH, ok(uint(18)));
    chain.decimals.put(WBTC, ok(uint(8)));
    chain.decimals.put(USDC, ok(uint(6)));
    return chain;
  }

  @Test
  void reads_tokens_and_decimals_in_two_reads_and_takes_a_synthetic_index_tokens_from_config()
      throws Exception {
    ScriptedChain chain = arbitrum();
    List<Read<GmxMarketResolver.Resolved>> resolved =
        GmxMarketResolver.resolve(
            chain,
            BLOCK.number(),
            READER,
            DATA_STORE,
            List.of(spec(ETH_MARKET, Optional.empty()), spec(BTC_MARKET, Optional.of(8))));

    GmxV2Reader.Market eth = resolved.get(0).asOptional().orElseThrow().market();
    assertThat(eth)
        .isEqualTo(
            new GmxV2Reader.Market(
                ETH_MARKET,
                new GmxV2Reader.Token("index", 18),
                new GmxV2Reader.Token("long", 18),
                new GmxV2Reader.Token("short", 6)));
    GmxMarketResolver.Resolved btc = resolved.get(1).asOptional().orElseThrow();
    assertThat(btc.market().index().decimals()).isEqualTo(8);
    assertThat(btc.market().longToken().decimals()).isEqualTo(8);
    assertThat(btc.props().indexToken()).isEqualTo(BTC_INDEX);
    assertThat(chain.reads).hasSize(2);
    // Each token asked once; the synthetic index token, priced by config, not at all.
    assertThat(chain.reads.get(1).stream().map(ContractCall::target))
        .containsExactly(WETH, USDC, WBTC);
  }

  @Test
  void a_synthetic_index_token_without_configured_decimals_names_the_key_to_set() throws Exception {
    List<Read<GmxMarketResolver.Resolved>> resolved =
        GmxMarketResolver.resolve(
            arbitrum(),
            BLOCK.number(),
            READER,
            DATA_STORE,
            List.of(spec(BTC_MARKET, Optional.empty()), spec(ETH_MARKET, Optional.empty())));

    assertThat(resolved.get(0).failureIfAny().orElseThrow().describe())
        .contains("the index token " + BTC_INDEX + " of GMX market " + BTC_MARKET)
        .contains("has no contract (a synthetic index token): give the market indexDecimals");
    assertThat(resolved.get(1).asOptional()).isPresent();
  }

  @Test
  void an_unlisted_market_a_reverting_getMarket_and_bad_decimals_each_fail_alone()
      throws Exception {
    ScriptedChain chain = arbitrum();
    String odd = "0x2222222222222222222222222222222222222222";
    String weird = "0x3333333333333333333333333333333333333333";
    chain.markets.put(odd, OnChainTesting.reverted("0x"));
    String weirdMarket = "0x4444444444444444444444444444444444444444";
    chain.markets.put(weirdMarket, market(weirdMarket, WETH, weird, USDC));
    chain.decimals.put(weird, ok(uint(77)));

    List<Read<GmxMarketResolver.Resolved>> resolved =
        GmxMarketResolver.resolve(
            chain,
            BLOCK.number(),
            READER,
            DATA_STORE,
            List.of(
                spec(UNLISTED, Optional.empty()),
                spec(odd, Optional.empty()),
                spec(weirdMarket, Optional.empty()),
                spec(ETH_MARKET, Optional.empty())));

    assertThat(resolved.get(0).failureIfAny().orElseThrow().describe())
        .contains("no GMX market " + UNLISTED + " in DataStore " + DATA_STORE);
    assertThat(resolved.get(1).failureIfAny().orElseThrow().describe())
        .contains("getMarket(" + odd + ")");
    assertThat(resolved.get(2).failureIfAny().orElseThrow().describe())
        .contains("decimals() of " + weird + " is 77: GMX prices tokens of at most 30 decimals");
    assertThat(resolved.get(3).asOptional()).isPresent();
  }

  @Test
  void no_markets_no_reads() throws Exception {
    ScriptedChain chain = arbitrum();
    assertThat(GmxMarketResolver.resolve(chain, 1, READER, DATA_STORE, List.of())).isEmpty();
    assertThat(chain.reads).isEmpty();
  }
}
