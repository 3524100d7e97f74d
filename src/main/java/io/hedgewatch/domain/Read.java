package io.hedgewatch.domain;

import java.util.Optional;
import java.util.function.Function;

/** A remote value or the typed reason it could not be had. */
public sealed interface Read<T> {

  record Ok<T>(T value) implements Read<T> {}

  record Failed<T>(ReadFailure failure) implements Read<T> {}

  static <T> Read<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Read<T> failed(ReadFailure failure) {
    return new Failed<>(failure);
  }

  default Optional<T> asOptional() {
    return this instanceof Ok<T> ok ? Optional.of(ok.value()) : Optional.empty();
  }

  default Optional<ReadFailure> failureIfAny() {
    return this instanceof Failed<T> f ? Optional.of(f.failure()) : Optional.empty();
  }

  default <U> Read<U> map(Function<T, U> f) {
    if (this instanceof Ok<T> ok) {
      return new Ok<>(f.apply(ok.value()));
    }
    return new Failed<>(((Failed<T>) this).failure());
  }
}
