package io.hedgewatch.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.QuoteFailure;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The paging of settled funding rates shared by the venues that page their history. */
class FundingPagingTest {

  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final Instant END = START.plus(Duration.ofHours(10));

  /** The windows asked for, in order. */
  private final List<Instant[]> asked = new ArrayList<>();

  /**
   * The hourly settlements from {@code START} to {@code END} that fall in {@code [start, end]}, at
   * most {@code limit} of them, oldest or newest first.
   */
  private VenueReply<List<FundingMath.Settled>> hourly(
      Instant start, Instant end, int limit, boolean newestFirst) {
    asked.add(new Instant[] {start, end});
    List<FundingMath.Settled> rows =
        IntStream.rangeClosed(0, 10)
            .map(i -> newestFirst ? 10 - i : i)
            .mapToObj(i -> START.plus(Duration.ofHours(i)))
            .filter(at -> !at.isBefore(start) && !at.isAfter(end))
            .limit(limit)
            .map(at -> new FundingMath.Settled(at, new BigDecimal("0.0001")))
            .toList();
    return VenueReply.ok(rows);
  }

  /** All eleven settlements, asked for in pages of four. */
  private List<FundingMath.Settled> inPagesOfFour(FundingProtocol.Paging paging) {
    boolean newestFirst = paging == FundingProtocol.Paging.BACKWARD;
    return FundingProtocol.pagedHistory(
            paging, "history", 4, 100, START, END, (s, e) -> hourly(s, e, 4, newestFirst))
        .asOptional()
        .orElseThrow();
  }

  @Test
  void forward_pages_start_just_after_the_newest_row_until_a_page_is_not_full() {
    assertThat(inPagesOfFour(FundingProtocol.Paging.FORWARD)).hasSize(11);
    assertThat(asked).hasSize(3);
    assertThat(asked.get(1)[0]).isEqualTo(START.plus(Duration.ofHours(3)).plusMillis(1));
    assertThat(asked.get(1)[1]).isEqualTo(END);
  }

  @Test
  void backward_pages_end_just_before_the_oldest_row_until_a_page_is_not_full() {
    assertThat(inPagesOfFour(FundingProtocol.Paging.BACKWARD)).hasSize(11);
    assertThat(asked).hasSize(3);
    assertThat(asked.get(1)[0]).isEqualTo(START);
    assertThat(asked.get(1)[1]).isEqualTo(END.minus(Duration.ofHours(3)).minusMillis(1));
  }

  @Test
  void a_venue_that_keeps_giving_full_pages_is_malformed_after_the_most_pages() {
    VenueReply<List<FundingMath.Settled>> all =
        FundingProtocol.pagedHistory(
            FundingProtocol.Paging.FORWARD,
            "fundingRate",
            2,
            5,
            START,
            END,
            // Ignores the window: always the same two rows inside it, never the edge.
            (start, end) -> {
              asked.add(new Instant[] {start, end});
              return VenueReply.ok(
                  List.of(
                      new FundingMath.Settled(
                          start.plusSeconds(1), BigDecimal.ONE.movePointLeft(4)),
                      new FundingMath.Settled(
                          start.plusSeconds(2), BigDecimal.ONE.movePointLeft(4))));
            });

    assertThat(all.failureIfAny())
        .contains(new QuoteFailure.Malformed("fundingRate still gave full pages after 5 requests"));
    assertThat(asked).hasSize(5);
  }

  @Test
  void a_failed_page_fails_the_history() {
    QuoteFailure down = new QuoteFailure.Unavailable("HTTP 503");
    VenueReply<List<FundingMath.Settled>> all =
        FundingProtocol.pagedHistory(
            FundingProtocol.Paging.BACKWARD,
            "funding/history",
            4,
            100,
            START,
            END,
            (start, end) ->
                asked.isEmpty() ? hourly(start, end, 4, true) : VenueReply.failed(down));

    assertThat(all.failureIfAny()).contains(down);
  }
}
