package io.hedgewatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.chain.LogRangeRefusedException;
import io.hedgewatch.chain.LogReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Int64;
import org.web3j.abi.datatypes.generated.Uint64;

class PythHistoryTest {

  /** Blocks 12 s apart from t = 1000, with a count of header reads. */
  private static final class Blocks implements LogReader {
    final AtomicInteger headerReads = new AtomicInteger();

    @Override
    public Instant blockTime(long block) {
      headerReads.incrementAndGet();
      return Instant.ofEpochSecond(1_000 + 12 * block);
    }

    @Override
    public List<EventLog> logs(String address, List<String> topics, long fromBlock, long toBlock) {
      throw new UnsupportedOperationException("not used here");
    }
  }

  @Test
  void the_topic_is_keccak_of_the_real_pyth_event_signature() {
    // keccak256("PriceFeedUpdate(bytes32,uint64,int64,uint64)"), as IPythEvents declares it
    assertThat(PythHistory.PRICE_FEED_UPDATE_TOPIC)
        .isEqualTo(
            org.web3j.crypto.Hash.sha3String("PriceFeedUpdate(bytes32,uint64,int64,uint64)"));
  }

  @Test
  void the_first_block_at_or_after_a_time_is_found_in_log_many_header_reads() throws IOException {
    Blocks blocks = new Blocks();
    assertThat(
            PythHistory.firstBlockAtOrAfter(
                blocks, Instant.ofEpochSecond(1_000 + 12 * 700), 0, 1_000_000))
        .isEqualTo(700);
    assertThat(blocks.headerReads.get()).isLessThanOrEqualTo(21);
    assertThat(
            PythHistory.firstBlockAtOrAfter(
                blocks, Instant.ofEpochSecond(1_000 + 12 * 700 + 1), 0, 1_000))
        .isEqualTo(701);
    assertThat(PythHistory.firstBlockAtOrAfter(blocks, Instant.ofEpochSecond(0), 5, 1_000))
        .isEqualTo(5);
    assertThat(PythHistory.firstBlockAtOrAfter(blocks, Instant.ofEpochSecond(10_000_000), 0, 1_000))
        .isEqualTo(1_001);
  }

  @Test
  void a_log_decodes_to_an_update_scaled_by_the_feed_exponent() throws IOException {
    String data =
        "0x"
            + TypeEncoder.encode(new Uint64(1_700_000_000L))
            + TypeEncoder.encode(new Int64(-5))
            + TypeEncoder.encode(new Uint64(150_000_000L));
    FeedUpdate negative =
        PythHistory.decode(new LogReader.EventLog(42, 3, List.of("0x00"), data), -8);
    assertThat(negative.at()).isEqualTo(Instant.ofEpochSecond(1_700_000_000L));
    assertThat(negative.raw()).isEqualTo(BigInteger.valueOf(-5));
    assertThat(negative.price()).isEqualByComparingTo(new BigDecimal("-0.00000005"));
    assertThat(negative.confidence())
        .hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("1.5"));
    assertThat(negative.id()).isEqualTo("42:3");
    assertThat(negative.complete()).isFalse();
  }

  @Test
  void a_log_with_short_data_is_named_in_the_error() {
    assertThatThrownBy(
            () -> PythHistory.decode(new LogReader.EventLog(42, 3, List.of("0x00"), "0x1234"), -8))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("42:3");
  }

  @Test
  void providers_refusals_are_recognised_and_rate_limits_are_not() {
    assertThat(LogRangeRefusedException.isRefusal("query returned more than 10000 results"))
        .isTrue();
    assertThat(
            LogRangeRefusedException.isRefusal(
                "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block"
                    + " range and no limit on the response size"))
        .isTrue();
    assertThat(LogRangeRefusedException.isRefusal("range 1000000 exceeds limit of 10000")).isTrue();
    assertThat(LogRangeRefusedException.isRefusal("block range is too wide")).isTrue();
    assertThat(LogRangeRefusedException.isRefusal("exceed maximum block range: 5000")).isTrue();
    assertThat(
            LogRangeRefusedException.isRefusal(
                "daily request count exceeded, request rate limited"))
        .isFalse();
    assertThat(LogRangeRefusedException.isRefusal("execution reverted")).isFalse();
  }
}
