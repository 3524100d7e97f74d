package io.hedgewatch.config;

import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * The venue account a position is read from ({@code positions.*.account}), in the form of its
 * market's venue type. {@link #text()} is the form {@code venue.PositionReader.Request} takes.
 */
public sealed interface PositionAccount
    permits PositionAccount.EvmAddress,
        PositionAccount.GmxAccount,
        PositionAccount.DydxSubaccount,
        PositionAccount.SynthetixId {

  /** The account as one string: an address, {@code dydx1…/N}, or a decimal account id. */
  String text();

  /** A Hyperliquid user: an EVM address, lower case (Hyperliquid's info API takes it so). */
  record EvmAddress(String address) implements PositionAccount {
    public EvmAddress {
      Objects.requireNonNull(address, "address");
    }

    @Override
    public String text() {
      return address;
    }
  }

  /**
   * A GMX v2 account, lower case, and what narrows it to one position when the account holds
   * several in the market (GMX keeps one position per account, market, collateral token and side).
   *
   * @param isLong the side, when given ({@code /long}, {@code /short})
   * @param collateralToken the collateral token's address, when given
   */
  record GmxAccount(String address, Optional<Boolean> isLong, Optional<String> collateralToken)
      implements PositionAccount {
    public GmxAccount {
      Objects.requireNonNull(address, "address");
      Objects.requireNonNull(isLong, "isLong");
      Objects.requireNonNull(collateralToken, "collateralToken");
    }

    /** {@code 0xACCOUNT[/long|/short][/0xCOLLATERAL]}, as the GMX position reader takes it. */
    @Override
    public String text() {
      return address
          + isLong.map(l -> l ? "/long" : "/short").orElse("")
          + collateralToken.map(t -> "/" + t).orElse("");
    }
  }

  /**
   * A dYdX v4 subaccount: its owner's bech32 address ({@code dydx1…}, lower case) and its number (0
   * for the default subaccount; isolated positions live in subaccounts 128 and up).
   */
  record DydxSubaccount(String address, int number) implements PositionAccount {
    /** dYdX v4 allows subaccount numbers 0 to 128,000 per owner (128 parents, 1,000 each). */
    public static final int MAX_NUMBER = 128_000;

    public DydxSubaccount {
      Objects.requireNonNull(address, "address");
      if (number < 0 || number > MAX_NUMBER) {
        throw new IllegalArgumentException("subaccount number out of range: " + number);
      }
    }

    /** {@code dydx1…/N}: the owner and the subaccount number, always with the number. */
    @Override
    public String text() {
      return address + "/" + number;
    }
  }

  /** A Synthetix v3 perps account, a {@code uint128} id (an ERC-721 token of the AccountProxy). */
  record SynthetixId(BigInteger id) implements PositionAccount {
    public SynthetixId {
      Objects.requireNonNull(id, "id");
      if (id.signum() <= 0 || id.bitLength() > 128) {
        throw new IllegalArgumentException("not a uint128 account id above 0: " + id);
      }
    }

    @Override
    public String text() {
      return id.toString();
    }
  }
}
