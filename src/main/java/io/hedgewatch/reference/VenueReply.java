package io.hedgewatch.reference;

import io.hedgewatch.domain.QuoteFailure;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one request to a venue gave: a value, or the typed reason there is none. The transport-level
 * counterpart of {@link io.hedgewatch.domain.QuoteOutcome}, for any kind of reply.
 */
public sealed interface VenueReply<T> {

  record Ok<T>(T value) implements VenueReply<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  record Failed<T>(QuoteFailure failure) implements VenueReply<T> {
    public Failed {
      Objects.requireNonNull(failure, "failure");
    }
  }

  static <T> VenueReply<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> VenueReply<T> failed(QuoteFailure failure) {
    return new Failed<>(failure);
  }

  default Optional<T> asOptional() {
    return this instanceof Ok<T> ok ? Optional.of(ok.value()) : Optional.empty();
  }

  default Optional<QuoteFailure> failureIfAny() {
    return this instanceof Failed<T> f ? Optional.of(f.failure()) : Optional.empty();
  }

  default <U> VenueReply<U> map(Function<? super T, ? extends U> f) {
    if (this instanceof Ok<T> ok) {
      return new Ok<>(f.apply(ok.value()));
    }
    return new Failed<>(((Failed<T>) this).failure());
  }

  default <U> VenueReply<U> flatMap(Function<? super T, VenueReply<U>> f) {
    if (this instanceof Ok<T> ok) {
      return f.apply(ok.value());
    }
    return new Failed<>(((Failed<T>) this).failure());
  }
}
