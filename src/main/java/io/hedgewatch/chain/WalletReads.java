package io.hedgewatch.chain;

import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.utils.Numeric;

/**
 * Balances of wallets on one chain, all in one {@link ChainReader#readAt}: an ERC-20 token's {@code
 * balanceOf} scaled by its {@code decimals()}, or the native coin's balance through Multicall3's
 * {@code getEthBalance} (18 decimals), so that a hedged exposure or a buffer costs no extra round
 * trip. Native balances need Multicall3 at the chain's {@code multicall3} address.
 */
public final class WalletReads {

  /** One balance to read: {@code token} empty for the native coin. */
  public record Holding(Optional<String> token, String holder) {
    public Holding {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(holder, "holder");
    }
  }

  static final int NATIVE_DECIMALS = 18;

  private WalletReads() {}

  /**
   * The balances of {@code holdings} at {@code block}, in whole token units, in the order asked.
   *
   * @param multicall3 where {@code getEthBalance} is asked for native balances
   * @throws IOException when the chain cannot be read at all
   */
  public static List<Read<BigDecimal>> balances(
      ChainReader chain, long block, String multicall3, List<Holding> holdings) throws IOException {
    List<ContractCall> calls = new ArrayList<>();
    for (Holding h : holdings) {
      if (h.token().isPresent()) {
        calls.add(new ContractCall(h.token().get(), encode("balanceOf", h.holder())));
        calls.add(new ContractCall(h.token().get(), encode("decimals", null)));
      } else {
        calls.add(new ContractCall(multicall3, encode("getEthBalance", h.holder())));
      }
    }
    if (calls.isEmpty()) {
      return List.of();
    }
    List<CallOutcome> outcomes = chain.readAt(block, calls).outcomes();
    List<Read<BigDecimal>> result = new ArrayList<>();
    int at = 0;
    for (Holding h : holdings) {
      if (h.token().isPresent()) {
        String token = h.token().get();
        Read<BigInteger> balance = word(outcomes.get(at++), "balanceOf(" + h.holder() + ")", token);
        Read<BigInteger> decimals = word(outcomes.get(at++), "decimals()", token);
        if (balance.failureIfAny().isPresent()) {
          result.add(Read.failed(balance.failureIfAny().get()));
        } else if (decimals.failureIfAny().isPresent()) {
          result.add(Read.failed(decimals.failureIfAny().get()));
        } else if (decimals.asOptional().get().compareTo(BigInteger.valueOf(77)) > 0) {
          result.add(
              Read.failed(
                  new ReadFailure.Malformed(
                      "decimals() of " + token + " is " + decimals.asOptional().get())));
        } else {
          result.add(
              Read.ok(
                  new BigDecimal(
                      balance.asOptional().get(), decimals.asOptional().get().intValueExact())));
        }
      } else {
        Read<BigInteger> balance =
            word(outcomes.get(at++), "getEthBalance(" + h.holder() + ")", multicall3);
        result.add(
            balance.failureIfAny().isPresent()
                ? Read.failed(balance.failureIfAny().get())
                : Read.ok(new BigDecimal(balance.asOptional().get(), NATIVE_DECIMALS)));
      }
    }
    return result;
  }

  private static String encode(String name, String address) {
    return FunctionEncoder.encode(
        new Function(name, address == null ? List.of() : List.of(new Address(address)), List.of()));
  }

  /** A single uint256 return word; a revert, no code or short data is a failure naming the call. */
  private static Read<BigInteger> word(CallOutcome outcome, String call, String target) {
    if (outcome instanceof CallOutcome.Failed f) {
      return Read.failed(new ReadFailure.Unavailable(call + " on " + target + ": " + f.reason()));
    }
    if (outcome instanceof CallOutcome.Reverted) {
      return Read.failed(
          new ReadFailure.Unavailable(call + " on " + target + " reverted: is it an ERC-20?"));
    }
    String hex = Numeric.cleanHexPrefix(((CallOutcome.Success) outcome).data());
    if (hex.isEmpty()) {
      return Read.failed(new ReadFailure.NoCode(target));
    }
    if (hex.length() < 64) {
      return Read.failed(
          new ReadFailure.Malformed(call + " on " + target + ": " + hex.length() / 2 + " bytes"));
    }
    return Read.ok(new BigInteger(hex.substring(0, 64), 16));
  }
}
