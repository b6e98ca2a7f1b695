package bookshard.protocol;

import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;

/** The dead-man's switch of an account: sharding type key and persistence id ({@code Guard|ACCOUNT}). */
public final class GuardIds {
  public static final EntityTypeKey<GuardCommand> TYPE_KEY = EntityTypeKey.create(GuardCommand.class, "Guard");

  private GuardIds() {}

  public static PersistenceId persistenceId(String account) {
    return PersistenceId.of(TYPE_KEY.name(), account);
  }
}
