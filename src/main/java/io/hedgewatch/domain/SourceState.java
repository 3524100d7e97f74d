package io.hedgewatch.domain;

/** Why a venue market's quote did or did not enter a reference composite. */
public enum SourceState {
  /** Fresh, converted, within the outlier band of the median: part of the composite. */
  USED,
  /**
   * Fresh and converted, but further than {@code reference.divergence}'s {@code warn} from the
   * median of the fresh venues: left out, and reported by {@code reference.divergence}.
   */
  OUTLIER,
  /** The quote is older than {@code reference.unavailable}'s {@code maxAge} at the cycle's time. */
  STALE,
  /** The venue gave no usable price: a typed failure, or a price that is not positive. */
  FAILED,
  /** The market's quote asset could not be converted: no rate for it (e.g. no USDT/USD). */
  NO_CONVERSION,
  /**
   * Usable, but the venue's price was taken from another of its markets (one price per venue: a
   * market in the composite's own quote first, then USDT, then USDC, then other quotes).
   */
  SUPERSEDED
}
