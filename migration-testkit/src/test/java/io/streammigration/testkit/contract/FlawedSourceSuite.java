package io.streammigration.testkit.contract;

import io.streammigration.core.spi.Source;
import io.streammigration.core.spi.SourceInterceptor;
import io.streammigration.core.spi.Sources;
import io.streammigration.testkit.memory.InMemoryLog;
import io.streammigration.testkit.memory.InMemorySource;

/**
 * The source suite run against the in-memory source with one flaw interposed. Its name does not
 * end in "Test", so surefire leaves it alone: {@link SourceSuiteCatchesFlawedSourcesTest} calls
 * its tests and expects the flawed ones to fail.
 */
final class FlawedSourceSuite extends InMemorySourceContractTest {

  private final SourceInterceptor flaw;

  FlawedSourceSuite(SourceInterceptor flaw) {
    this.flaw = flaw;
  }

  @Override
  protected Source createBoundedSource(InMemoryLog log) {
    return Sources.intercept(new InMemorySource(log), flaw);
  }
}
