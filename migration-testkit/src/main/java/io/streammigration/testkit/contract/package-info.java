/**
 * Abstract JUnit 5 suites an adapter author extends to learn whether an adapter keeps the SPI's
 * guarantees: {@link io.streammigration.testkit.contract.SourceContractTest}, {@link
 * io.streammigration.testkit.contract.SinkContractTest} and {@link
 * io.streammigration.testkit.contract.TransactionalSinkContractTest}. Each asks for a few
 * factories (an endpoint, an adapter over it, a reader of what is durable there) and runs every
 * test against them.
 */
package io.streammigration.testkit.contract;
