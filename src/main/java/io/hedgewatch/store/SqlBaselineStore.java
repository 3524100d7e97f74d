package io.hedgewatch.store;

import io.hedgewatch.domain.ContractState;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;
import java.util.Optional;

/** Baselines in {@code contract_baseline}; addresses match whatever their casing. */
final class SqlBaselineStore implements BaselineStore {

  private final Database db;

  SqlBaselineStore(Database db) {
    this.db = db;
  }

  @Override
  public Optional<ContractState> baseline(String subject, String chain, String address) {
    return db.read(
        "reading the baseline of " + subject,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT subject, chain, address, block, at_ms, implementation, beacon, admin,"
                      + " owner, code_hash FROM contract_baseline"
                      + " WHERE subject = ? AND chain = ? AND address_key = ?")) {
            ps.setString(1, subject);
            ps.setString(2, chain);
            ps.setString(3, key(address));
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new ContractState(
                      rs.getString("subject"),
                      rs.getString("chain"),
                      rs.getString("address"),
                      rs.getLong("block"),
                      Columns.instant(rs, "at_ms"),
                      Columns.optionalText(rs, "implementation"),
                      Columns.optionalText(rs, "beacon"),
                      Columns.optionalText(rs, "admin"),
                      Columns.optionalText(rs, "owner"),
                      Columns.optionalText(rs, "code_hash")));
            }
          }
        });
  }

  @Override
  public void saveBaseline(ContractState state) {
    db.write(
        "saving the baseline of " + state.subject(),
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO contract_baseline (subject, chain, address_key, address, block,"
                      + " at_ms, implementation, beacon, admin, owner, code_hash)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (subject, chain, address_key) DO UPDATE SET"
                      + " address = excluded.address, block = excluded.block,"
                      + " at_ms = excluded.at_ms, implementation = excluded.implementation,"
                      + " beacon = excluded.beacon, admin = excluded.admin,"
                      + " owner = excluded.owner, code_hash = excluded.code_hash")) {
            ps.setString(1, state.subject());
            ps.setString(2, state.chain());
            ps.setString(3, key(state.address()));
            ps.setString(4, state.address());
            ps.setLong(5, state.block());
            ps.setLong(6, Columns.millis(state.at()));
            Columns.setText(ps, 7, state.implementation());
            Columns.setText(ps, 8, state.beacon());
            Columns.setText(ps, 9, state.admin());
            Columns.setText(ps, 10, state.owner());
            Columns.setText(ps, 11, state.codeHash());
            ps.executeUpdate();
          }
          return null;
        });
  }

  private static String key(String address) {
    return address.toLowerCase(Locale.ROOT);
  }
}
