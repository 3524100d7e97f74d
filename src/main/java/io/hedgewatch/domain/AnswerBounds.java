package io.hedgewatch.domain;

import java.math.BigInteger;

/**
 * The underlying aggregator's circuit-breaker bounds ({@code minAnswer}, {@code maxAnswer}), raw
 * integers at the feed's decimals.
 */
public record AnswerBounds(BigInteger minAnswer, BigInteger maxAnswer) {}
