package io.streammigration.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streammigration.testkit.contract.FlawedTransactionalSink.Flaw;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;

/** The sink suites must pass a correct sink and fail each flawed one, in the test that names it. */
class SinkSuitesCatchFlawedSinksTest {

  private static FlawedSinkSuite suite(Flaw flaw) {
    return new FlawedSinkSuite(flaw);
  }

  @Test
  void aCorrectSinkPassesEveryTest() {
    var suite = suite(Flaw.NONE);
    assertThatCode(
            () -> {
              suite.durableRecordsAreReadByAFreshReaderAfterClose();
              suite.orderWithinEachPartitionIsKeptAcrossMixedBatches();
              suite.keysValuesHeadersAndTombstonesArePreservedExactly();
              suite.closeIsIdempotent();
              suite.aNewSinkInstanceAddsToWhatEarlierInstancesMadeDurable();
              suite.writesAreInvisibleUntilCommit();
              suite.recoverReturnsTheLastCommittedCheckpoint();
              suite.recoverOnAFreshDestinationReturnsEmpty();
              suite.repeatingTheLastCommitChangesNothing();
              suite.recoverDiscardsWritesAfterTheLastCommit();
              suite.aCommitWithAnOlderIdIsRejectedAndChangesNothing();
            })
        .doesNotThrowAnyException();
    assertThat(crashStepFailures(suite.crashAtEveryStepLeavesThePreviousOrTheNewCommitOnly())).isZero();
    assertThat(crashStepFailures(suite.crashAtEveryStepKeepsWhatWasMadeDurable())).isZero();
  }

  @Test
  void losingARecordAtCommitFailsTheDurabilityCrashTest() {
    var suite = suite(Flaw.LOSES_LAST_WRITE_AT_COMMIT);
    assertThatThrownBy(suite::durableRecordsAreReadByAFreshReaderAfterClose)
        .isInstanceOf(AssertionError.class);
    assertThat(crashStepFailures(suite.crashAtEveryStepKeepsWhatWasMadeDurable())).isPositive();
  }

  @Test
  void reorderingABatchFailsTheDurabilityCrashTest() {
    var suite = suite(Flaw.REVERSES_BATCHES);
    assertThat(crashStepFailures(suite.crashAtEveryStepKeepsWhatWasMadeDurable())).isPositive();
  }

  @Test
  void writesVisibleBeforeCommitFailTheVisibilityAndCrashTests() {
    var suite = suite(Flaw.VISIBLE_BEFORE_COMMIT);
    assertThatThrownBy(suite::writesAreInvisibleUntilCommit).isInstanceOf(AssertionError.class);
    assertThat(crashStepFailures(suite.crashAtEveryStepLeavesThePreviousOrTheNewCommitOnly())).isPositive();
  }

  @Test
  void aRepeatedCommitThatDuplicatesFailsTheIdempotenceTest() {
    assertThatThrownBy(suite(Flaw.REPEATED_COMMIT_DUPLICATES)::repeatingTheLastCommitChangesNothing)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void uncommittedWritesSurvivingRecoveryFailTheRecoveryAndCrashTests() {
    var suite = suite(Flaw.KEEPS_UNCOMMITTED_ON_RECOVER);
    assertThatThrownBy(suite::recoverDiscardsWritesAfterTheLastCommit)
        .isInstanceOf(AssertionError.class);
    assertThat(crashStepFailures(suite.crashAtEveryStepLeavesThePreviousOrTheNewCommitOnly())).isPositive();
  }

  @Test
  void acceptingAnOlderCheckpointFailsTheIdOrderTest() {
    assertThatThrownBy(suite(Flaw.ACCEPTS_OLDER_ID)::aCommitWithAnOlderIdIsRejectedAndChangesNothing)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void forgettingTheCheckpointFailsTheRecoveryTests() {
    var suite = suite(Flaw.FORGETS_CHECKPOINT);
    assertThatThrownBy(suite::recoverReturnsTheLastCommittedCheckpoint)
        .isInstanceOf(AssertionError.class);
    assertThat(crashStepFailures(suite.crashAtEveryStepLeavesThePreviousOrTheNewCommitOnly())).isPositive();
  }

  @Test
  void droppingHeadersFailsTheContentTest() {
    assertThatThrownBy(suite(Flaw.DROPS_HEADERS)::keysValuesHeadersAndTombstonesArePreservedExactly)
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void reorderingABatchFailsTheOrderTest() {
    assertThatThrownBy(suite(Flaw.REVERSES_BATCHES)::orderWithinEachPartitionIsKeptAcrossMixedBatches)
        .isInstanceOf(AssertionError.class);
  }

  /** How many of a crash-at-every-step test's dynamic tests fail. */
  private static int crashStepFailures(Stream<DynamicTest> tests) {
    int[] failures = {0};
    ThrowingConsumer<DynamicTest> run =
        test -> {
          try {
            test.getExecutable().execute();
          } catch (AssertionError e) {
            failures[0]++;
          }
        };
    for (DynamicTest test : tests.toList()) {
      try {
        run.accept(test);
      } catch (Throwable t) {
        throw new AssertionError("crash step " + test.getDisplayName() + " failed oddly", t);
      }
    }
    return failures[0];
  }
}
