package io.hedgewatch.monitor;

import io.hedgewatch.config.FeedConfig;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.VenueConfig;
import io.hedgewatch.config.WatchConfig;
import io.hedgewatch.domain.FeedType;
import io.hedgewatch.platform.ProxyKind;
import io.hedgewatch.platform.WatchedContract;
import io.hedgewatch.risk.PlatformExpectations;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every contract whose control surface a check judges on one chain ({@code platform.upgraded},
 * {@code platform.admin-changed}, {@code platform.code-changed}): the {@code watch} entries, and
 * without any entry the contracts a hedge depends on anyway.
 *
 * <ul>
 *   <li>{@code watch.*} as {@code contract:ID}, with its proxy kind and pins.
 *   <li>On-chain venues as {@code venue:ID}: Synthetix v3's PerpsMarketProxy by its own proxy slot;
 *       GMX v2's Reader, DataStore (and ReferralStorage when configured), which are no proxies, by
 *       code hash and {@code owner()}.
 *   <li>Feeds as {@code feed:ID}: a Chainlink proxy by code hash and {@code owner()} (its
 *       aggregator switch is {@code oracle.source-changed}); the Pyth contract by its EIP-1967
 *       slots.
 * </ul>
 *
 * One contract is judged once, under the first subject that names it in that order: an explicit
 * watch entry wins over a venue, a venue over a feed, and of several feeds on one Pyth contract the
 * first in the file.
 */
final class WatchedContracts {

  /** Where a watched contract comes from, for {@code contracts[].source}. */
  static final String WATCH = "watch";

  static final String VENUE = "venue";
  static final String FEED = "feed";

  private WatchedContracts() {}

  static List<WatchedContract> on(HedgewatchConfig config, String chain) {
    Map<String, WatchedContract> byAddress = new LinkedHashMap<>();
    for (WatchConfig w : config.watchedOn(chain)) {
      add(byAddress, watched(w));
    }
    for (VenueConfig venue : config.venues().values()) {
      String subject = VENUE + ":" + venue.id();
      if (venue instanceof VenueConfig.SynthetixV3 snx && snx.chain().equals(chain)) {
        add(byAddress, implicit(subject, snx.address(), ProxyKind.SYNTHETIX));
      } else if (venue instanceof VenueConfig.GmxV2 gmx && gmx.chain().equals(chain)) {
        add(byAddress, implicit(subject, gmx.reader(), ProxyKind.NONE));
        add(byAddress, implicit(subject, gmx.dataStore(), ProxyKind.NONE));
        gmx.referralStorage().ifPresent(r -> add(byAddress, implicit(subject, r, ProxyKind.NONE)));
      }
    }
    for (FeedConfig feed : config.feedsOn(chain)) {
      ProxyKind kind = feed.spec().type() == FeedType.PYTH ? ProxyKind.EIP1967 : ProxyKind.NONE;
      add(byAddress, implicit(FEED + ":" + feed.id(), feed.spec().address(), kind));
    }
    return List.copyOf(new ArrayList<>(byAddress.values()));
  }

  /** {@code watch}, {@code venue} or {@code feed}: the kind of subject a contract is judged as. */
  static Optional<String> source(String subject) {
    if (subject.startsWith("contract:")) {
      return Optional.of(WATCH);
    }
    if (subject.startsWith(VENUE + ":")) {
      return Optional.of(VENUE);
    }
    if (subject.startsWith(FEED + ":")) {
      return Optional.of(FEED);
    }
    return Optional.empty();
  }

  private static void add(Map<String, WatchedContract> byAddress, WatchedContract contract) {
    byAddress.putIfAbsent(contract.address().toLowerCase(Locale.ROOT), contract);
  }

  private static WatchedContract implicit(String subject, String address, ProxyKind proxy) {
    return new WatchedContract(subject, address, proxy, PlatformExpectations.NONE);
  }

  private static WatchedContract watched(WatchConfig watch) {
    return new WatchedContract(
        "contract:" + watch.id(),
        watch.address(),
        ProxyKind.fromConfigName(watch.proxy().configName()).orElseThrow(),
        new PlatformExpectations(
            watch.expectImplementation(), watch.expectAdmin(), watch.expectOwner()));
  }
}
