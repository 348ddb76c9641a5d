package io.streammigration.testkit.contract;

import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Record;
import io.streammigration.testkit.contract.FlawedTransactionalSink.Flaw;
import io.streammigration.testkit.contract.FlawedTransactionalSink.Store;
import java.util.List;
import java.util.Map;

/**
 * The transactional sink suite run against a {@link FlawedTransactionalSink}. Its name does not
 * end in "Test", so surefire leaves it alone: {@link SinkSuitesCatchFlawedSinksTest} calls its
 * tests and expects the flawed ones to fail.
 */
final class FlawedSinkSuite extends TransactionalSinkContractTest<FlawedTransactionalSink, Store> {

  private final Flaw flaw;

  FlawedSinkSuite(Flaw flaw) {
    this.flaw = flaw;
  }

  @Override
  protected Store createDestination() {
    return new Store();
  }

  @Override
  protected FlawedTransactionalSink createSink(Store store) {
    return new FlawedTransactionalSink(store, flaw);
  }

  @Override
  protected Map<PartitionId, List<Record>> readDurable(Store store) {
    return store.read();
  }
}
