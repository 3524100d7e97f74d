package io.hedgewatch.devnet.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A market story replayed on the devnet: a calm prefix in which nothing may fire, then steps at
 * offsets of scenario time, then the tail up to {@code length} in which the monitor shows what the
 * steps caused. Pure data; {@link ScenarioParser} reads it, {@link ScenarioRunner} plays it.
 *
 * @param name the file's name without {@code .yaml}
 * @param description one line told at the start
 * @param incident the entry of the incident list it is shaped on
 * @param calm how long the prefix lasts; every step is at or after it
 * @param length when the scenario ends; at or after the last step
 */
public record Scenario(
    String name,
    String description,
    String incident,
    Duration calm,
    Duration length,
    List<Step> steps) {

  public Scenario {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(incident, "incident");
    Objects.requireNonNull(calm, "calm");
    Objects.requireNonNull(length, "length");
    steps = List.copyOf(steps);
  }

  /** One action at {@code at} (scenario time from the start), told as {@code say}. */
  public record Step(Duration at, String say, ScenarioAction action) {
    public Step {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(say, "say");
      Objects.requireNonNull(action, "action");
    }
  }
}
