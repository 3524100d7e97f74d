package io.hedgewatch.domain;

import java.time.Instant;

/**
 * The block a cycle's reads were pinned to; oracle ages are measured at its timestamp, as contracts
 * see them.
 */
public record BlockRef(long number, Instant timestamp) {}
