package io.hedgewatch.store;

/** How many rows one retention pass deleted, per table. */
public record Pruned(int feedObservations, int marketObservations, int fundingPoints) {

  public int total() {
    return feedObservations + marketObservations + fundingPoints;
  }
}
