package io.hedgewatch.oracle;

import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.domain.PythPrice;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Int32;
import org.web3j.abi.datatypes.generated.Int64;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.utils.Numeric;

/**
 * Pyth's {@code getPriceUnsafe} / {@code getEmaPriceUnsafe} and the {@code Price} struct, field for
 * field.
 */
public final class PythAbi {

  private PythAbi() {}

  public static String getPriceUnsafe(String priceId) {
    return Abi.encode("getPriceUnsafe", new Bytes32(Numeric.hexStringToByteArray(priceId)));
  }

  public static String getEmaPriceUnsafe(String priceId) {
    return Abi.encode("getEmaPriceUnsafe", new Bytes32(Numeric.hexStringToByteArray(priceId)));
  }

  public static Read<PythPrice> decodePrice(CallOutcome outcome, String target) {
    Read<PythPrice> decoded =
        Abi.decode(
                outcome,
                target,
                List.of(
                    new TypeReference<Int64>() {},
                    new TypeReference<Uint64>() {},
                    new TypeReference<Int32>() {},
                    new TypeReference<Uint256>() {}))
            .map(
                v -> {
                  BigInteger publishTime = ChainlinkAbi.big(v.get(3));
                  return new PythPrice(
                      ChainlinkAbi.big(v.get(0)).longValueExact(),
                      ChainlinkAbi.big(v.get(1)).longValue(),
                      ChainlinkAbi.big(v.get(2)).intValueExact(),
                      publishTime.bitLength() < 63 ? publishTime.longValue() : -1);
                });
    if (decoded.asOptional().map(p -> p.publishTime() < 0).orElse(false)) {
      return Read.failed(new ReadFailure.Malformed("publishTime does not fit a unix time"));
    }
    return decoded;
  }
}
