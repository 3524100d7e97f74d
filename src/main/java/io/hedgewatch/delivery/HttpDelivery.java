package io.hedgewatch.delivery;

import io.hedgewatch.config.DeliveryPolicy;
import io.hedgewatch.support.ResilientHttp;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * One HTTP POST per attempt for the HTTP sinks, and what its answer means. Every reason it gives is
 * one line that names the host only: the URL's path and query, and every secret the sink names, are
 * replaced by {@code ***} wherever they appear (a tokenised URL can come back in an I/O error or a
 * receiver's reply).
 */
final class HttpDelivery {

  static final MediaType JSON = MediaType.get("application/json");

  private static final int MAX_REPLY_BYTES = 64 * 1024;
  private static final int MAX_SAID_CHARS = 200;
  private static final String REDACTED = "***";
  private static final int MIN_TOKEN_SEGMENT = 16;

  private final OkHttpClient client;
  private final HttpUrl url;
  private final Clock clock;
  private final Duration timeout;
  private final String host;
  private final List<String> secrets;

  /**
   * @param url where the POSTs go; its host appears in reasons, its path and query never do
   * @param secrets further strings never to appear in a reason (a token, a signing secret)
   */
  HttpDelivery(
      OkHttpClient base, DeliveryPolicy policy, Clock clock, HttpUrl url, List<String> secrets) {
    this.client = client(base, policy);
    this.url = url;
    this.clock = clock;
    this.timeout = policy.timeout();
    this.host = url.host();
    this.secrets = secretsOf(url, secrets);
  }

  /**
   * {@code uri} as OkHttp's URL; the error names the sink, never the URL, which may hold a token.
   */
  static HttpUrl httpUrl(String sinkName, URI uri) {
    HttpUrl url = HttpUrl.parse(uri.toString());
    if (url == null) {
      throw new IllegalArgumentException(
          "sink " + sinkName + ": its URL is not an http:// or https:// URL");
    }
    return url;
  }

  HttpUrl url() {
    return url;
  }

  /**
   * The sink's own client: the shared pool and dispatcher, a whole-call timeout of the policy's,
   * and one attempt per call. Redirects are not followed: a 3xx would turn the POST into a GET or
   * send the signed body to another host, so it is reported instead.
   */
  static OkHttpClient client(OkHttpClient base, DeliveryPolicy policy) {
    return base.newBuilder()
        .callTimeout(policy.timeout())
        .followRedirects(false)
        .followSslRedirects(false)
        .retryOnConnectionFailure(false)
        .build();
  }

  static RequestBody json(String body) {
    // bytes, not a String: OkHttp would append "; charset=utf-8" to the content type otherwise
    return RequestBody.create(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), JSON);
  }

  /** The receiver's answer, its body cut at 64 KiB. */
  record Reply(int status, Headers headers, String body, Instant receivedAt) {

    boolean success() {
      return status >= 200 && status <= 299;
    }

    Optional<Duration> retryAfter() {
      return ResilientHttp.retryAfter(headers, receivedAt);
    }
  }

  @FunctionalInterface
  interface ReplyReader {
    DeliveryOutcome read(Reply reply);
  }

  DeliveryOutcome post(Request request, ReplyReader reader) {
    Reply reply;
    try (Response response = client.newCall(request).execute()) {
      reply =
          new Reply(
              response.code(), response.headers(), readBody(response.body()), clock.instant());
    } catch (InterruptedIOException e) {
      return DeliveryOutcome.retry(
          redact(
              "no reply from "
                  + host
                  + " within "
                  + timeout.toMillis()
                  + " ms ("
                  + describe(e)
                  + ")"));
    } catch (IOException e) {
      return DeliveryOutcome.retry(redact("POST to " + host + " failed: " + describe(e)));
    }
    return redact(reader.read(reply));
  }

  /**
   * The usual reading of a status: 2xx delivered; 408, 425, 429 and 5xx worth another try (after
   * the receiver's {@code Retry-After}, when it gave one); anything else, redirects included,
   * rejected.
   */
  DeliveryOutcome byStatus(Reply reply) {
    return byStatus(reply, reply.retryAfter());
  }

  DeliveryOutcome byStatus(Reply reply, Optional<Duration> retryAfter) {
    if (reply.success()) {
      return DeliveryOutcome.delivered();
    }
    String reason = said(reply, reply.body());
    if (retryable(reply.status())) {
      return new DeliveryOutcome.Retry(reason, retryAfter);
    }
    return new DeliveryOutcome.Rejected(reason);
  }

  static boolean retryable(int status) {
    return status == 408 || status == 425 || status == 429 || status >= 500;
  }

  /** {@code HTTP 404 from hooks.slack.com: no_service}, with the receiver's words shortened. */
  String said(Reply reply, String words) {
    String reason = "HTTP " + reply.status() + " from " + host;
    if (reply.status() >= 300 && reply.status() <= 399) {
      return reason + ": redirect not followed";
    }
    return reason + ": " + ResilientHttp.snippet(words, MAX_SAID_CHARS);
  }

  private DeliveryOutcome redact(DeliveryOutcome outcome) {
    if (outcome instanceof DeliveryOutcome.Retry retry) {
      return new DeliveryOutcome.Retry(redact(retry.reason()), retry.retryAfter());
    }
    if (outcome instanceof DeliveryOutcome.Rejected rejected) {
      return new DeliveryOutcome.Rejected(redact(rejected.reason()));
    }
    return outcome;
  }

  String redact(String text) {
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, REDACTED);
    }
    return result;
  }

  /** Longest first, so that the whole URL goes before its path does. */
  private static List<String> secretsOf(HttpUrl url, List<String> extra) {
    List<String> all = new ArrayList<>();
    all.add(url.toString());
    all.add(url.encodedPath());
    all.add(String.join("/", url.pathSegments()));
    // a long segment alone is most likely a token (Slack's, Discord's); short ones are words
    for (int i = 0; i < url.pathSize(); i++) {
      if (url.pathSegments().get(i).length() >= MIN_TOKEN_SEGMENT) {
        all.add(url.pathSegments().get(i));
        all.add(url.encodedPathSegments().get(i));
      }
    }
    if (url.encodedQuery() != null) {
      all.add(url.encodedQuery());
      all.add(url.query());
    }
    all.addAll(extra);
    // a bare "/" is no secret, and replacing it would garble every reason
    all.removeIf(s -> s == null || s.length() < 2);
    all.sort(Comparator.comparingInt(String::length).reversed());
    return List.copyOf(all);
  }

  private static String readBody(ResponseBody body) throws IOException {
    if (body == null) {
      return "";
    }
    BufferedSource source = body.source();
    source.request(MAX_REPLY_BYTES);
    long available = Math.min(source.getBuffer().size(), MAX_REPLY_BYTES);
    return source.getBuffer().readUtf8(available);
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName()
        + (message == null ? "" : ": " + EventText.oneLine(message));
  }
}
