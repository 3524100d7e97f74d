package io.hedgewatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.delivery.WebhookSignature.Verification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSignatureTest {

  private static final String SECRET = "whsec_test";
  private static final String BODY = "{\"type\":\"alert.opened\",\"id\":\"e1\"}";
  private static final long T = 1_700_000_000L;
  private static final Instant SIGNED_AT = Instant.ofEpochSecond(T);
  private static final Duration FIVE_MINUTES = WebhookSignature.DEFAULT_TOLERANCE;

  @Test
  void signs_the_timestamp_a_dot_and_the_body_as_openssl_does() {
    // printf '%s' '1700000000.{"type":"alert.opened","id":"e1"}' | openssl dgst -sha256 -hmac
    // whsec_test
    assertThat(WebhookSignature.sign(SECRET, T, BODY))
        .isEqualTo(
            "t=1700000000,v1=0848336fa52b8d60794b4d700d60c2632a9236e84eb75b525836aeeb0f68b457");
  }

  @Test
  void signs_as_javax_crypto_does_for_a_body_with_non_ascii_text() throws Exception {
    String body = "{\"alert\":{\"message\":\"ETH \u2192 3 000 \u20ac, drift 0.5 %\"}}";
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s\u00e9cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    String expected =
        HexFormat.of().formatHex(mac.doFinal(("42." + body).getBytes(StandardCharsets.UTF_8)));

    assertThat(WebhookSignature.sign("s\u00e9cret", 42, body)).isEqualTo("t=42,v1=" + expected);
  }

  @Test
  void accepts_its_own_signature_within_the_tolerance_either_side() {
    String header = WebhookSignature.sign(SECRET, T, BODY);

    assertThat(WebhookSignature.verify(SECRET, header, BODY, SIGNED_AT, FIVE_MINUTES))
        .isEqualTo(Verification.VALID);
    assertThat(
            WebhookSignature.verify(SECRET, header, BODY, SIGNED_AT.plusSeconds(300), FIVE_MINUTES))
        .isEqualTo(Verification.VALID);
    assertThat(
            WebhookSignature.verify(
                SECRET, header, BODY, SIGNED_AT.minusSeconds(300), FIVE_MINUTES))
        .isEqualTo(Verification.VALID);
  }

  @Test
  void refuses_a_tampered_body_or_another_secret() {
    String header = WebhookSignature.sign(SECRET, T, BODY);

    assertThat(
            WebhookSignature.verify(
                SECRET, header, BODY.replace("e1", "e2"), SIGNED_AT, FIVE_MINUTES))
        .isEqualTo(Verification.BAD_SIGNATURE);
    assertThat(WebhookSignature.verify(SECRET, header, BODY + " ", SIGNED_AT, FIVE_MINUTES))
        .isEqualTo(Verification.BAD_SIGNATURE);
    assertThat(WebhookSignature.verify("other", header, BODY, SIGNED_AT, FIVE_MINUTES))
        .isEqualTo(Verification.BAD_SIGNATURE);
  }

  @Test
  void refuses_a_signature_moved_to_another_timestamp() {
    String v1 = WebhookSignature.sign(SECRET, T, BODY).substring("t=1700000000,".length());

    assertThat(
            WebhookSignature.verify(
                SECRET, "t=" + (T + 1) + "," + v1, BODY, SIGNED_AT, FIVE_MINUTES))
        .isEqualTo(Verification.BAD_SIGNATURE);
  }

  @Test
  void refuses_a_correct_signature_older_than_the_tolerance_and_one_from_far_ahead() {
    String header = WebhookSignature.sign(SECRET, T, BODY);

    assertThat(
            WebhookSignature.verify(SECRET, header, BODY, SIGNED_AT.plusSeconds(301), FIVE_MINUTES))
        .isEqualTo(Verification.TOO_OLD);
    assertThat(
            WebhookSignature.verify(
                SECRET, header, BODY, SIGNED_AT.minusSeconds(301), FIVE_MINUTES))
        .isEqualTo(Verification.TOO_NEW);
  }

  @Test
  void an_old_header_with_a_bad_signature_is_a_bad_signature() {
    String forged = "t=" + T + ",v1=" + "ab".repeat(32);

    assertThat(
            WebhookSignature.verify(
                SECRET, forged, BODY, SIGNED_AT.plus(Duration.ofDays(1)), FIVE_MINUTES))
        .isEqualTo(Verification.BAD_SIGNATURE);
  }

  @Test
  void accepts_any_matching_v1_so_that_a_secret_can_be_rotated() {
    String mine = WebhookSignature.sign(SECRET, T, BODY).substring("t=1700000000,".length());
    String theirs = WebhookSignature.sign("old", T, BODY).substring("t=1700000000,".length());
    String header = "t=" + T + "," + theirs + ",v0=legacy," + mine;

    assertThat(WebhookSignature.verify(SECRET, header, BODY, SIGNED_AT, FIVE_MINUTES))
        .isEqualTo(Verification.VALID);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "t=1700000000",
        "v1=0848336fa52b8d60794b4d700d60c2632a9236e84eb75b525836aeeb0f68b457",
        "t=soon,v1=0848336fa52b8d60794b4d700d60c2632a9236e84eb75b525836aeeb0f68b457",
        "t=-5,v1=0848336fa52b8d60794b4d700d60c2632a9236e84eb75b525836aeeb0f68b457",
        "t=1700000000,v1=0848336fa52b8d60",
        "t=1700000000,v1=zz48336fa52b8d60794b4d700d60c2632a9236e84eb75b525836aeeb0f68b457",
        "t=1700000000,t=1700000001,v1=0848336fa52b8d60794b4d700d60c2632a9236e84eb75b525836aeeb0f68b457",
        "t=1700000000;v1=0848336fa52b8d60794b4d700d60c2632a9236e84eb75b525836aeeb0f68b457",
        "sha256=0848336fa52b8d60794b4d700d60c2632a9236e84eb75b525836aeeb0f68b457"
      })
  void a_header_not_of_the_contracts_form_is_malformed(String header) {
    assertThat(WebhookSignature.verify(SECRET, header, BODY, SIGNED_AT, FIVE_MINUTES))
        .isEqualTo(Verification.MALFORMED_HEADER);
  }

  @Test
  void no_header_is_malformed() {
    assertThat(WebhookSignature.verify(SECRET, null, BODY, SIGNED_AT, FIVE_MINUTES))
        .isEqualTo(Verification.MALFORMED_HEADER);
  }

  @Test
  void an_empty_secret_signs_nothing() {
    assertThatThrownBy(() -> WebhookSignature.sign("", T, BODY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secret is empty");
  }
}
