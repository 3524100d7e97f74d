package io.hedgewatch.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.QuoteFailure;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import okhttp3.HttpUrl;

/** Shared pieces of the funding protocol tests. */
final class FundingTesting {

  static final Instant RECEIVED = ProtocolTesting.RECEIVED;
  static final HttpUrl BASE = HttpUrl.get("https://venue.test/");

  private FundingTesting() {}

  static String fixture(String name) {
    return ProtocolTesting.fixture(name);
  }

  static <T> T ok(VenueReply<T> reply) {
    assertThat(reply).isInstanceOf(VenueReply.Ok.class);
    return reply.asOptional().orElseThrow();
  }

  static QuoteFailure failure(VenueReply<?> reply) {
    assertThat(reply).isInstanceOf(VenueReply.Failed.class);
    return reply.failureIfAny().orElseThrow();
  }

  static String malformed(VenueReply<?> reply) {
    QuoteFailure f = failure(reply);
    assertThat(f).isInstanceOf(QuoteFailure.Malformed.class);
    return ((QuoteFailure.Malformed) f).detail();
  }

  /** One canned HTTP reply. */
  record Reply(int status, String body) {
    static Reply ok(String body) {
      return new Reply(200, body);
    }
  }

  /**
   * A {@link FundingExchange} that answers each endpoint from a queue of canned replies (the last
   * one repeats) or from a function of the request URL, and records every request.
   */
  static final class FakeExchange implements FundingExchange {
    private final Map<String, Deque<Reply>> queued = new HashMap<>();
    private final Map<String, Function<HttpUrl, Reply>> computed = new HashMap<>();
    final List<FundingRequest<?>> requests = new ArrayList<>();

    FakeExchange reply(String endpoint, int status, String body) {
      queued.computeIfAbsent(endpoint, e -> new ArrayDeque<>()).add(new Reply(status, body));
      return this;
    }

    FakeExchange reply(String endpoint, String body) {
      return reply(endpoint, 200, body);
    }

    FakeExchange answer(String endpoint, Function<HttpUrl, Reply> replies) {
      computed.put(endpoint, replies);
      return this;
    }

    List<String> endpoints() {
      return requests.stream().map(FundingRequest::endpoint).toList();
    }

    List<HttpUrl> urls(String endpoint) {
      return requests.stream()
          .filter(r -> r.endpoint().equals(endpoint))
          .map(FundingRequest::url)
          .toList();
    }

    @Override
    public <T> VenueReply<T> get(FundingRequest<T> request) {
      requests.add(request);
      Reply reply;
      if (computed.containsKey(request.endpoint())) {
        reply = computed.get(request.endpoint()).apply(request.url());
      } else {
        Deque<Reply> q = queued.get(request.endpoint());
        if (q == null || q.isEmpty()) {
          throw new AssertionError("no reply for " + request.endpoint() + " " + request.url());
        }
        reply = q.size() > 1 ? q.poll() : q.peek();
      }
      return request.reader().read(reply.status(), reply.body(), RECEIVED);
    }
  }
}
