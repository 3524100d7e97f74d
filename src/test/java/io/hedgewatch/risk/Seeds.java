package io.hedgewatch.risk;

import java.util.Random;
import java.util.stream.LongStream;

/**
 * Seeds for property tests. The build uses a fixed base seed, so it is deterministic; {@code
 * -Dhedgewatch.seed=N} replays or explores others. Every assertion of a property test names its
 * seed.
 */
final class Seeds {

  private static final long BASE = Long.getLong("hedgewatch.seed", 20260324L);

  private Seeds() {}

  static LongStream seeds(int count) {
    Random r = new Random(BASE);
    return LongStream.generate(r::nextLong).limit(count);
  }
}
