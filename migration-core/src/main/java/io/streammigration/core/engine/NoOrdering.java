package io.streammigration.core.engine;

import io.streammigration.core.record.Record;
import io.streammigration.core.spi.OrderingGuard;

/** The guard used when ordering is not checked: admits everything, keeps no state. */
final class NoOrdering implements OrderingGuard {

  static final OrderingGuard.Factory FACTORY = context -> new NoOrdering();

  @Override
  public boolean admit(Record record) {
    return true;
  }

  @Override
  public byte[] snapshot() {
    return new byte[0];
  }

  @Override
  public void restore(byte[] state) {}
}
