package io.streammigration.core.verify;

import java.security.MessageDigest;

/**
 * Folds record content hashes, in arrival order, into a {@link PartitionDigest}: a SHA-256 chain
 * over the hashes (order-sensitive) and the count, sum and xor of their first 64 bits
 * (order-insensitive). Constant memory whatever the number of records. Not thread-safe.
 */
final class DigestAccumulator {

  private final MessageDigest chain = ContentHasher.sha256();
  private long count;
  private long sum;
  private long xor;

  void add(byte[] contentHash) {
    chain.update(contentHash);
    long v = ContentHasher.first64(contentHash);
    count++;
    sum += v;
    xor ^= v;
  }

  long count() {
    return count;
  }

  /** The digest of everything added so far. May be called more than once. */
  PartitionDigest digest() {
    byte[] order;
    try {
      order = ((MessageDigest) chain.clone()).digest();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("the SHA-256 provider cannot clone its state", e);
    }
    return new PartitionDigest(count, Hex.of(order, order.length), sum, xor);
  }
}
