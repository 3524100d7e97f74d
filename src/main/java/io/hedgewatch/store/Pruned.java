package io.hedgewatch.store;

/** How many rows one retention pass deleted, per table. */
public record Pruned(
    int feedObservations,
    int marketObservations,
    int fundingPoints,
    int alertEvents,
    int deliveries) {

  /** Observations only, as {@link ObservationStore#prune} deletes. */
  public Pruned(int feedObservations, int marketObservations, int fundingPoints) {
    this(feedObservations, marketObservations, fundingPoints, 0, 0);
  }

  public int total() {
    return feedObservations + marketObservations + fundingPoints + alertEvents + deliveries;
  }
}
