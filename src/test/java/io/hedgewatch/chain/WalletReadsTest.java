package io.hedgewatch.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Wallet balances: token and native in one read, and every way a read can fail, named. */
class WalletReadsTest {

  private static final String MULTICALL = "0xca11bde05977b3631167028862be2a173976ca11";
  private static final String USDC = "0xaf88d065e77c8cc2239327c5edb3a432268e5831";
  private static final String HOLDER = "0x3333333333333333333333333333333333333333";

  /** Answers each call with {@code answer}; records the reads. */
  private static final class Scripted implements ChainReader {
    final Function<ContractCall, CallOutcome> answer;
    final List<List<ContractCall>> reads = new ArrayList<>();

    Scripted(Function<ContractCall, CallOutcome> answer) {
      this.answer = answer;
    }

    @Override
    public String chain() {
      return "test";
    }

    @Override
    public long chainId() {
      return 1;
    }

    @Override
    public long blockNumber() {
      return 7;
    }

    @Override
    public String code(String address, long block) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String storageAt(String address, String slot, long block) {
      throw new UnsupportedOperationException();
    }

    @Override
    public BlockReads readAt(long block, List<ContractCall> calls) {
      reads.add(calls);
      return new BlockReads(
          new BlockRef(block, Instant.EPOCH), calls.stream().map(answer).toList());
    }

    @Override
    public String mode() {
      return "test";
    }

    @Override
    public void close() {}
  }

  private static CallOutcome word(long value) {
    return new CallOutcome.Success(
        "0x" + String.format("%64s", BigInteger.valueOf(value).toString(16)).replace(' ', '0'));
  }

  private static boolean isDecimals(ContractCall c) {
    return c.callData().startsWith("0x313ce567");
  }

  @Test
  void a_token_and_a_native_balance_in_one_read_scaled_by_their_decimals() throws Exception {
    Scripted chain =
        new Scripted(
            c ->
                c.target().equals(MULTICALL)
                    ? word(2_500_000_000_000_000_000L)
                    : isDecimals(c) ? word(6) : word(1_234_560_000L));
    List<Read<BigDecimal>> balances =
        WalletReads.balances(
            chain,
            7,
            MULTICALL,
            List.of(
                new WalletReads.Holding(Optional.of(USDC), HOLDER),
                new WalletReads.Holding(Optional.empty(), HOLDER)));

    assertThat(balances.get(0).asOptional()).hasValue(new BigDecimal("1234.560000"));
    assertThat(balances.get(1).asOptional()).hasValue(new BigDecimal("2.500000000000000000"));
    assertThat(chain.reads).hasSize(1);
    // balanceOf, decimals, then Multicall3's getEthBalance
    assertThat(chain.reads.get(0).stream().map(c -> c.callData().substring(0, 10)))
        .containsExactly("0x70a08231", "0x313ce567", "0x4d2301cc");
  }

  @Test
  void a_revert_no_code_short_data_and_absurd_decimals_each_fail_their_holding_alone()
      throws Exception {
    String reverting = "0x1111111111111111111111111111111111111111";
    String empty = "0x2222222222222222222222222222222222222222";
    String shortData = "0x4444444444444444444444444444444444444444";
    String absurd = "0x5555555555555555555555555555555555555555";
    Scripted chain =
        new Scripted(
            c ->
                switch (c.target()) {
                  case "0x1111111111111111111111111111111111111111" ->
                      new CallOutcome.Reverted("0x");
                  case "0x2222222222222222222222222222222222222222" ->
                      new CallOutcome.Success("0x");
                  case "0x4444444444444444444444444444444444444444" ->
                      new CallOutcome.Success("0x1234");
                  case "0x5555555555555555555555555555555555555555" ->
                      isDecimals(c) ? word(200) : word(1);
                  default -> isDecimals(c) ? word(6) : word(5);
                });
    List<Read<BigDecimal>> balances =
        WalletReads.balances(
            chain,
            7,
            MULTICALL,
            List.of(
                new WalletReads.Holding(Optional.of(reverting), HOLDER),
                new WalletReads.Holding(Optional.of(empty), HOLDER),
                new WalletReads.Holding(Optional.of(shortData), HOLDER),
                new WalletReads.Holding(Optional.of(absurd), HOLDER),
                new WalletReads.Holding(Optional.of(USDC), HOLDER)));

    assertThat(balances.get(0).failureIfAny().orElseThrow().describe())
        .contains("balanceOf(" + HOLDER + ") on " + reverting + " reverted: is it an ERC-20?");
    assertThat(balances.get(1).failureIfAny().orElseThrow()).isInstanceOf(ReadFailure.NoCode.class);
    assertThat(balances.get(2).failureIfAny().orElseThrow().describe()).contains("2 bytes");
    assertThat(balances.get(3).failureIfAny().orElseThrow().describe())
        .contains("decimals() of " + absurd + " is 200");
    assertThat(balances.get(4).asOptional()).hasValue(new BigDecimal("0.000005"));
  }

  @Test
  void nothing_to_read_asks_nothing() throws Exception {
    Scripted chain = new Scripted(c -> word(0));
    assertThat(WalletReads.balances(chain, 7, MULTICALL, List.of())).isEmpty();
    assertThat(chain.reads).isEmpty();
  }
}
