/**
 * Verification: is the destination what the source holds? A migration is trusted once verified.
 *
 * <ul>
 *   <li>{@link io.streammigration.core.verify.Verifier}: reads a source range and the destination
 *       (read back through a {@link io.streammigration.core.spi.Source}) on the caller's thread,
 *       with bounded memory, once ({@code verify()}) or continuously ({@code follow()}).
 *   <li>{@link io.streammigration.core.verify.VerificationReport}: per partition {@link
 *       io.streammigration.core.verify.PartitionReport} (counts, order and multiset digests, first
 *       divergence, missing/duplicate/late/unexpected counts), latency percentiles, error counts
 *       and each {@link io.streammigration.core.verify.Gate}'s verdict; as text or JSON.
 *   <li>{@link io.streammigration.core.verify.ReadRange}: which records to read, between two
 *       checkpoints.
 *   <li>{@link io.streammigration.core.verify.RangeDigest}: the digests of one range, for checking
 *       that a source replays a checkpointed range identically.
 * </ul>
 */
package io.streammigration.core.verify;
