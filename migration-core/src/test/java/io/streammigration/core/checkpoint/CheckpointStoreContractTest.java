package io.streammigration.core.checkpoint;

import static io.streammigration.core.checkpoint.Checkpoints.withId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.core.error.MigrationConfigException;
import io.streammigration.core.error.MigrationException;
import io.streammigration.core.spi.CheckpointStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link CheckpointStore} contract, for every implementation: extend it and say how to create
 * a store and how a restarted process would see it again.
 */
abstract class CheckpointStoreContractTest {

  private CheckpointStore store;

  /** A new, empty store keeping the last {@code keep} checkpoints. */
  protected abstract CheckpointStore newStore(int keep);

  /**
   * {@code store} as a restarted process would open it. Stores without durability return it as
   * is, which makes the reopening tests check only that nothing is lost within one process.
   */
  protected CheckpointStore reopen(CheckpointStore store) {
    return store;
  }

  private CheckpointStore store(int keep) {
    store = newStore(keep);
    return store;
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void aNewStoreHasNoLatestAndNoHistory() {
    CheckpointStore s = store(3);

    assertThat(s.latest()).isEmpty();
    assertThat(s.history(10)).isEmpty();
  }

  @Test
  void latestReturnsTheLastSavedCheckpointWithAllItsContent() {
    CheckpointStore s = store(3);
    s.save(withId(1));
    s.save(withId(2));

    assertThat(s.latest()).contains(withId(2));
    assertThat(s.latest().orElseThrow().guardState()).isEqualTo(withId(2).guardState());
  }

  @Test
  void historyIsNewestFirstAndAtMostMax() {
    CheckpointStore s = store(10);
    for (long id = 1; id <= 5; id++) {
      s.save(withId(id * 10));
    }

    assertThat(s.history(3)).containsExactly(withId(50), withId(40), withId(30));
    assertThat(s.history(100)).extracting(Checkpoint::id).containsExactly(50L, 40L, 30L, 20L, 10L);
  }

  @Test
  void historyOfZeroIsEmptyAndANegativeMaxIsRejected() {
    CheckpointStore s = store(3);
    s.save(withId(1));

    assertThat(s.history(0)).isEmpty();
    assertThatThrownBy(() -> s.history(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void saveRejectsAnIdEqualToTheLatestAndNamesBothIds() {
    CheckpointStore s = store(3);
    s.save(withId(7));

    assertThatThrownBy(() -> s.save(withId(7)))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("checkpoint id 7 is not greater than the latest")
        .hasMessageContaining("id 7");
    assertThat(s.history(10)).containsExactly(withId(7));
  }

  @Test
  void saveRejectsASmallerIdAndKeepsTheLatest() {
    CheckpointStore s = store(3);
    s.save(withId(7));

    assertThatThrownBy(() -> s.save(withId(3)))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("3")
        .hasMessageContaining("7");
    assertThat(s.latest()).contains(withId(7));
  }

  @Test
  void saveOfNullIsRejectedNamingTheArgument() {
    CheckpointStore s = store(3);

    assertThatThrownBy(() -> s.save(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("checkpoint");
  }

  @Test
  void keepsOnlyTheLastNCheckpoints() {
    CheckpointStore s = store(3);
    for (long id = 1; id <= 6; id++) {
      s.save(withId(id));
    }

    assertThat(s.history(10)).extracting(Checkpoint::id).containsExactly(6L, 5L, 4L);
    assertThatThrownBy(() -> s.rollbackTo(3)).isInstanceOf(MigrationException.class);
  }

  @Test
  void rollbackToMakesTheChosenCheckpointLatestAndDropsNewerOnes() {
    CheckpointStore s = store(5);
    for (long id = 1; id <= 4; id++) {
      s.save(withId(id));
    }

    assertThat(s.rollbackTo(2)).isEqualTo(withId(2));
    assertThat(s.latest()).contains(withId(2));
    assertThat(s.history(10)).extracting(Checkpoint::id).containsExactly(2L, 1L);
  }

  @Test
  void afterRollbackIdsAboveTheChosenOneCanBeSavedAgain() {
    CheckpointStore s = store(5);
    for (long id = 1; id <= 4; id++) {
      s.save(withId(id));
    }
    s.rollbackTo(2);

    s.save(withId(3));

    assertThat(s.latest()).contains(withId(3));
    assertThat(s.history(10)).extracting(Checkpoint::id).containsExactly(3L, 2L, 1L);
  }

  @Test
  void rollbackToTheLatestChangesNothing() {
    CheckpointStore s = store(5);
    s.save(withId(1));
    s.save(withId(2));

    assertThat(s.rollbackTo(2)).isEqualTo(withId(2));
    assertThat(s.history(10)).extracting(Checkpoint::id).containsExactly(2L, 1L);
  }

  @Test
  void rollbackToAnIdNotStoredFailsNamingItAndChangesNothing() {
    CheckpointStore s = store(5);
    s.save(withId(1));
    s.save(withId(3));

    assertThatThrownBy(() -> s.rollbackTo(2))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("checkpoint 2");
    assertThat(s.history(10)).extracting(Checkpoint::id).containsExactly(3L, 1L);
  }

  @Test
  void savedCheckpointsAndRollbacksSurviveReopening() {
    CheckpointStore s = store(5);
    for (long id = 1; id <= 3; id++) {
      s.save(withId(id));
    }
    s.rollbackTo(2);

    store = reopen(s);

    assertThat(store.latest()).contains(withId(2));
    assertThat(store.history(10)).containsExactly(withId(2), withId(1));
    store.save(withId(3));
    assertThat(store.latest()).contains(withId(3));
  }

  @Test
  void closeIsIdempotentAndUseAfterCloseFails() {
    CheckpointStore s = store(3);
    s.save(withId(1));

    s.close();
    s.close();

    assertThatThrownBy(s::latest).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.save(withId(2))).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keepOutsideOneToTenThousandIsRejectedNamingTheSetting() {
    for (int keep : new int[] {0, -1, 10_001}) {
      assertThatThrownBy(() -> newStore(keep))
          .isInstanceOfSatisfying(
              MigrationConfigException.class, e -> assertThat(e.setting()).isEqualTo("keep"))
          .hasMessageContaining("between 1 and 10000")
          .hasMessageContaining("was " + keep);
    }
  }
}
