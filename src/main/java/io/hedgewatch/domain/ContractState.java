package io.hedgewatch.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What hedgewatch saw of a contract's control surface at one block: its EIP-1967 implementation,
 * beacon and admin slots (and Synthetix's own proxy slot), its {@code owner()}, and the hash of its
 * code. Stored as the baseline that the next observation is compared with.
 *
 * @param subject the alert subject the contract is watched under, e.g. {@code
 *     contract:pyth-arbitrum}, {@code venue:snx}, {@code feed:eth-usd}
 * @param implementation lower-case 0x address, empty when the slot is zero or the contract is no
 *     such proxy
 * @param codeHash keccak-256 of the runtime code, 0x hex; empty when there is no code
 */
public record ContractState(
    String subject,
    String chain,
    String address,
    long block,
    Instant at,
    Optional<String> implementation,
    Optional<String> beacon,
    Optional<String> admin,
    Optional<String> owner,
    Optional<String> codeHash) {
  public ContractState {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(at, "at");
  }
}
