package bookshard.protocol;

import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;

/** An account's ledger: sharding type key and persistence id ({@code Account|ACCOUNT}). */
public final class AccountIds {
  public static final EntityTypeKey<AccountCommand> TYPE_KEY = EntityTypeKey.create(AccountCommand.class, "Account");

  private AccountIds() {}

  public static PersistenceId persistenceId(String account) {
    return PersistenceId.of(TYPE_KEY.name(), account);
  }
}
