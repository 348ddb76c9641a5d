package io.streammigration.core.verify;

import java.util.Objects;

/**
 * The digests of one partition's records as one side delivered them.
 *
 * <ul>
 *   <li>{@link #orderDigest()}: SHA-256 over the sequence of per-record SHA-256 content hashes
 *       (key, value and headers; see {@link Verifier}), in delivery order. Any loss, duplicate,
 *       reorder or changed byte changes it; two different sequences collide with probability
 *       about 2<sup>-128</sup> even for an adversary (SHA-256 collision resistance), so equal order
 *       digests and counts mean equal sequences.
 *   <li>{@link #multisetSum()} and {@link #multisetXor()}: the sum (mod 2<sup>64</sup>) and the
 *       xor of the first 64 bits of each record's content hash. They ignore order, so they tell a
 *       reorder (multiset equal, order digest different) from a loss, duplicate or change
 *       (multiset different). For accidental differences a false "equal" needs both 64-bit sums to
 *       collide: about 2<sup>-64</sup>. They are not collision-resistant against someone crafting
 *       records (sums of hashes admit generalized-birthday attacks); rely on the order digest for
 *       that.
 * </ul>
 *
 * @param count records seen
 * @param orderDigest hex SHA-256 chain, order-sensitive
 * @param multisetSum sum of 64-bit record hashes, mod 2^64
 * @param multisetXor xor of 64-bit record hashes
 */
public record PartitionDigest(long count, String orderDigest, long multisetSum, long multisetXor) {

  public PartitionDigest {
    Objects.requireNonNull(orderDigest, "orderDigest");
  }

  /** True if both sides hold the same records in the same order. */
  public boolean sameSequenceAs(PartitionDigest other) {
    return count == other.count && orderDigest.equals(other.orderDigest);
  }

  /** True if both sides hold the same records, in any order. */
  public boolean sameMultisetAs(PartitionDigest other) {
    return count == other.count && multisetSum == other.multisetSum && multisetXor == other.multisetXor;
  }

  void writeTo(JsonWriter json) {
    json.beginObject()
        .field("count", count)
        .field("orderDigest", orderDigest)
        .field("multisetSum", Hex.of(multisetSum))
        .field("multisetXor", Hex.of(multisetXor))
        .endObject();
  }
}
