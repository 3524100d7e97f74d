package io.hedgewatch.devnet.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hedgewatch.config.ConfigValues;
import io.hedgewatch.config.InvalidValueException;
import io.hedgewatch.devnet.scenario.ScenarioAction.FundingTarget;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.ReferenceVenue;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a scenario's YAML strictly: every key known, every value checked, and each problem reported
 * as {@code NAME: steps[2].oracle.feed: 'eth' is not a feed; one of eth-usd, btc-usd, usdc-usd}.
 *
 * <pre>
 * description: ...           # one line
 * incident: ...              # the incidents.md entry it replays
 * calm: 30s                  # nothing may fire before this
 * length: 2m                 # when the story ends
 * steps:
 *   - at: 30s                # scenario time, at or after calm, in order
 *     say: what happens      # printed as the step is played
 *     oracle: { feed: eth-usd, price: 10 }     # exactly one action per step:
 *     # pyth: { price: 2990 }
 *     # market: { asset: ETH, price: 3600 }
 *     # reference: { asset: ETH, price: 9, venue: binance }   # venue optional: all of them
 *     # reference: { asset: ETH, price: market, venue: kraken }   # the venue's pin released
 *     # stablecoin: { venue: binance, coin: USDT, usd: 0.65 }   # usd: market, the rate back
 *     # funding: { venue: snx | gmx | hyperliquid | cex | binance | bybit | okx | deribit | kraken-futures, asset: ETH, hourly: -0.002 }
 *     # sequencer: down | up
 *     # advanceTime: 1h
 *     # upgrade: { target: vault | snx, revision: 2 }   # a new implementation, revision() 2
 *     # proxyAdmin: 2            # the vault proxy's admin role to dev account 2 (0-9)
 *     # pause: snx | gmx-eth | gmx-btc                  # the venue halts the market(s)
 *     # unpause: snx | gmx-eth | gmx-btc
 * </pre>
 */
public final class ScenarioParser {

  static final List<String> FEEDS = List.of("eth-usd", "btc-usd", "usdc-usd");
  static final List<String> MARKET_ASSETS = List.of("ETH", "BTC");
  static final List<String> STABLECOINS = List.of("USDT", "USDC");
  static final String MARKET = "market";
  static final List<String> TOP_KEYS =
      List.of("description", "incident", "calm", "length", "steps");
  static final List<String> ACTIONS =
      List.of(
          "oracle",
          "pyth",
          "market",
          "reference",
          "stablecoin",
          "funding",
          "sequencer",
          "advanceTime",
          "upgrade",
          "proxyAdmin",
          "pause",
          "unpause");

  /** anvil's ten dev accounts; 0 deploys (and owns the vault's target), 1 is its first admin. */
  static final int DEV_ACCOUNTS = 10;

  private static final ObjectMapper YAML =
      new ObjectMapper(
              YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final String name;

  private ScenarioParser(String name) {
    this.name = name;
  }

  /**
   * Parses {@code yaml} as the scenario {@code name}; throws with the path of the first problem.
   */
  public static Scenario parse(String name, String yaml) {
    return new ScenarioParser(name).scenario(yaml);
  }

  private Scenario scenario(String yaml) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      throw new ScenarioException(
          name + ": not valid YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw fail("", "expected a mapping with " + String.join(", ", TOP_KEYS));
    }
    onlyKeys(root, "", TOP_KEYS);
    String description = text(root, "", "description");
    String incident = text(root, "", "incident");
    Duration calm = duration(root, "", "calm");
    Duration length = duration(root, "", "length");
    JsonNode stepsNode = required(root, "", "steps");
    if (!stepsNode.isArray() || stepsNode.isEmpty()) {
      throw fail("steps", "expected a non-empty list of steps");
    }
    List<Scenario.Step> steps = new ArrayList<>();
    Duration previous = calm;
    for (int i = 0; i < stepsNode.size(); i++) {
      String path = "steps[" + i + "]";
      Scenario.Step step = step(stepsNode.get(i), path);
      if (step.at().compareTo(calm) < 0) {
        throw fail(
            path + ".at",
            show(step.at()) + " is inside the calm prefix; at or after calm (" + show(calm) + ")");
      }
      if (step.at().compareTo(previous) < 0) {
        throw fail(
            path + ".at",
            show(step.at()) + " is before the previous step (" + show(previous) + "); in order");
      }
      previous = step.at();
      steps.add(step);
    }
    if (length.compareTo(previous) < 0) {
      throw fail("length", show(length) + " ends before the last step (" + show(previous) + ")");
    }
    return new Scenario(name, description, incident, calm, length, steps);
  }

  private Scenario.Step step(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw fail(path, "expected a mapping with at, say and one of " + String.join(", ", ACTIONS));
    }
    List<String> allowed = new ArrayList<>(List.of("at", "say"));
    allowed.addAll(ACTIONS);
    onlyKeys(node, path, allowed);
    Duration at = duration(node, path, "at");
    String say = text(node, path, "say");
    List<String> present = ACTIONS.stream().filter(node::has).toList();
    if (present.size() != 1) {
      throw fail(
          path,
          (present.isEmpty()
                  ? "no action"
                  : "more than one action (" + String.join(", ", present) + ")")
              + "; exactly one of "
              + String.join(", ", ACTIONS));
    }
    String key = present.get(0);
    return new Scenario.Step(at, say, action(key, node.get(key), path + "." + key));
  }

  private ScenarioAction action(String key, JsonNode node, String path) {
    switch (key) {
      case "oracle":
        {
          mapping(node, path, List.of("feed", "price"));
          String feed = oneOf(node, path, "feed", FEEDS, false);
          return new ScenarioAction.OracleAnswer(feed, price(node, path, "price"));
        }
      case "pyth":
        mapping(node, path, List.of("price"));
        return new ScenarioAction.PythPrice(price(node, path, "price"));
      case "market":
        {
          mapping(node, path, List.of("asset", "price"));
          String asset = oneOf(node, path, "asset", MARKET_ASSETS, true);
          return new ScenarioAction.MarketPrice(asset, price(node, path, "price"));
        }
      case "reference":
        {
          mapping(node, path, List.of("asset", "price", "venue"));
          String asset = oneOf(node, path, "asset", MARKET_ASSETS, true);
          Optional<ReferenceVenue> venue =
              node.has("venue") ? Optional.of(venue(node, path)) : Optional.empty();
          if (isMarket(node, "price")) {
            if (venue.isEmpty()) {
              throw fail(
                  path + ".price",
                  "'market' releases one venue's pin; give its venue (every venue already"
                      + " quotes the market)");
            }
            return new ScenarioAction.ReferenceRelease(asset, venue.get());
          }
          return new ScenarioAction.ReferencePrice(asset, price(node, path, "price"), venue);
        }
      case "stablecoin":
        {
          mapping(node, path, List.of("venue", "coin", "usd"));
          ReferenceVenue venue = venue(node, path);
          String coin = oneOf(node, path, "coin", STABLECOINS, true);
          Optional<BigDecimal> usd =
              isMarket(node, "usd") ? Optional.empty() : Optional.of(price(node, path, "usd"));
          return new ScenarioAction.VenueStablecoin(venue, coin, usd);
        }
      case "funding":
        return funding(node, path);
      case "sequencer":
        {
          String state = scalar(node, path);
          if (!state.equals("down") && !state.equals("up")) {
            throw fail(path, quote(state) + " is not a sequencer state; down or up");
          }
          return new ScenarioAction.Sequencer(state.equals("down"));
        }
      case "advanceTime":
        {
          Duration by = parseDuration(scalar(node, path), path);
          if (by.isZero()) {
            throw fail(path, "0 moves nothing; a positive duration");
          }
          return new ScenarioAction.AdvanceTime(by);
        }
      case "upgrade":
        {
          mapping(node, path, List.of("target", "revision"));
          String target = oneOf(node, path, "target", List.of("vault", "snx"), false);
          long revision = wholeNumber(node, path, "revision", 1, Long.MAX_VALUE);
          return new ScenarioAction.Upgrade(
              ScenarioAction.UpgradeTarget.valueOf(target.toUpperCase(Locale.ROOT)), revision);
        }
      case "proxyAdmin":
        {
          String text = scalar(node, path).strip();
          int account = (int) wholeNumber(text, path, 0, DEV_ACCOUNTS - 1);
          return new ScenarioAction.ProxyAdmin(account);
        }
      case "pause":
      case "unpause":
        {
          String target = scalar(node, path).strip();
          List<String> names =
              Arrays.stream(ScenarioAction.PauseTarget.values())
                  .map(ScenarioAction.PauseTarget::scenarioName)
                  .toList();
          return Arrays.stream(ScenarioAction.PauseTarget.values())
              .filter(t -> t.scenarioName().equals(target))
              .findFirst()
              .map(t -> new ScenarioAction.Pause(t, key.equals("pause")))
              .orElseThrow(
                  () ->
                      fail(
                          path,
                          quote(target)
                              + " is not a market a venue can halt; one of "
                              + String.join(", ", names)));
        }
      default:
        throw new IllegalStateException("unhandled action " + key);
    }
  }

  private ReferenceVenue venue(JsonNode node, String path) {
    List<String> venues =
        Arrays.stream(ReferenceVenue.values()).map(ReferenceVenue::configName).toList();
    return ReferenceVenue.fromConfigName(oneOf(node, path, "venue", venues, false)).orElseThrow();
  }

  /** Whether {@code key} says {@value #MARKET}: back to the market-wide value. */
  private static boolean isMarket(JsonNode node, String key) {
    JsonNode value = node.get(key);
    return value != null && value.isTextual() && value.asText().strip().equals(MARKET);
  }

  private ScenarioAction funding(JsonNode node, String path) {
    mapping(node, path, List.of("venue", "asset", "hourly"));
    List<String> venues = new ArrayList<>(List.of("snx", "gmx", "hyperliquid", "cex"));
    Arrays.stream(CexFundingVenue.values()).map(CexFundingVenue::configName).forEach(venues::add);
    String venue = oneOf(node, path, "venue", venues, false);
    String asset = oneOf(node, path, "asset", MARKET_ASSETS, true);
    BigDecimal hourly = decimal(node, path, "hourly");
    Optional<CexFundingVenue> cex = CexFundingVenue.fromConfigName(venue);
    FundingTarget target =
        cex.isPresent() ? FundingTarget.CEX : FundingTarget.valueOf(venue.toUpperCase(Locale.ROOT));
    return new ScenarioAction.Funding(target, cex, asset, hourly);
  }

  private void mapping(JsonNode node, String path, List<String> keys) {
    if (!node.isObject()) {
      throw fail(path, "expected a mapping with " + String.join(", ", keys));
    }
    onlyKeys(node, path, keys);
  }

  private void onlyKeys(JsonNode node, String path, List<String> allowed) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!allowed.contains(key)) {
        throw fail(join(path, key), "unknown key; allowed: " + String.join(", ", allowed));
      }
    }
  }

  private JsonNode required(JsonNode node, String path, String key) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      throw fail(join(path, key), "missing");
    }
    return value;
  }

  private String text(JsonNode node, String path, String key) {
    String s = scalar(required(node, path, key), join(path, key)).strip();
    if (s.isEmpty()) {
      throw fail(join(path, key), "empty");
    }
    return s;
  }

  private String scalar(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      throw fail(path, "missing");
    }
    if (!node.isValueNode()) {
      throw fail(path, "expected a single value, not a " + (node.isArray() ? "list" : "mapping"));
    }
    return node.isBigDecimal() ? node.decimalValue().toPlainString() : node.asText();
  }

  private String oneOf(
      JsonNode node, String path, String key, List<String> allowed, boolean upperCase) {
    String value = text(node, path, key);
    String normalised = upperCase ? value.toUpperCase(Locale.ROOT) : value;
    if (!allowed.contains(normalised)) {
      throw fail(
          join(path, key), quote(value) + " is not allowed; one of " + String.join(", ", allowed));
    }
    return normalised;
  }

  private BigDecimal decimal(JsonNode node, String path, String key) {
    String text = text(node, path, key);
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw fail(join(path, key), quote(text) + " is not a number");
    }
  }

  private BigDecimal price(JsonNode node, String path, String key) {
    BigDecimal price = decimal(node, path, key);
    if (price.signum() <= 0) {
      throw fail(join(path, key), price.toPlainString() + " is not a price; a positive number");
    }
    return price;
  }

  private Duration duration(JsonNode node, String path, String key) {
    return parseDuration(text(node, path, key), join(path, key));
  }

  private Duration parseDuration(String text, String path) {
    try {
      return ConfigValues.parseDuration(text);
    } catch (InvalidValueException e) {
      throw fail(path, e.getMessage());
    }
  }

  private ScenarioException fail(String path, String problem) {
    return new ScenarioException(name + ": " + (path.isEmpty() ? "" : path + ": ") + problem);
  }

  private static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static String quote(String s) {
    return "'" + s + "'";
  }

  static String show(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  private long wholeNumber(JsonNode node, String path, String key, long min, long max) {
    return wholeNumber(text(node, path, key), join(path, key), min, max);
  }

  private long wholeNumber(String text, String path, long min, long max) {
    long n;
    try {
      n = new BigDecimal(text).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw fail(path, quote(text) + " is not a whole number");
    }
    if (n < min || n > max) {
      throw fail(
          path,
          n
              + " is out of range; "
              + (max == Long.MAX_VALUE ? min + " or more" : "from " + min + " to " + max));
    }
    return n;
  }
}
