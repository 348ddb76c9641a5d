/**
 * In-memory endpoints whose behaviour is exact and inspectable: the ground truth for engine and
 * crash tests.
 *
 * <ul>
 *   <li>{@link io.streammigration.testkit.memory.StreamSpec} and {@link
 *       io.streammigration.testkit.memory.GeneratedStream}: a reproducible stream with per-key
 *       sequence headers.
 *   <li>{@link io.streammigration.testkit.memory.InMemoryLog} and {@link
 *       io.streammigration.testkit.memory.InMemorySource}: a bounded or live source endpoint.
 *   <li>{@link io.streammigration.testkit.memory.InMemoryDestination} with {@link
 *       io.streammigration.testkit.memory.InMemorySink} (at-least-once) and {@link
 *       io.streammigration.testkit.memory.InMemoryTransactionalSink} (exactly-once): a destination
 *       that survives simulated crashes, keeping what was written apart from what was committed.
 * </ul>
 */
package io.streammigration.testkit.memory;
