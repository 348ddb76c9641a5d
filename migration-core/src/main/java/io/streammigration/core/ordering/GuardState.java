package io.streammigration.core.ordering;

import io.streammigration.core.record.PartitionId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The mutable state of a {@link SequenceGuard}: per partition, the last admitted sequence of each
 * scope. Lookups for a known partition and key allocate nothing, which keeps {@code admit} free of
 * per-record garbage.
 *
 * <p>Not thread-safe: the engine's writer thread owns it.
 */
final class GuardState {

  private final boolean perKey;
  private final Map<PartitionId, PartitionScopes> partitions = new HashMap<>();

  // Records arrive in runs from one partition; remembering the last one skips the map lookup.
  private PartitionId lastPartition;
  private PartitionScopes lastScopes;

  GuardState(boolean perKey) {
    this.perKey = perKey;
  }

  boolean perKey() {
    return perKey;
  }

  /** The scopes of {@code partition}, created empty on first use. */
  PartitionScopes scopes(PartitionId partition) {
    if (partition == lastPartition || partition.equals(lastPartition)) {
      return lastScopes;
    }
    PartitionScopes scopes = partitions.get(partition);
    if (scopes == null) {
      scopes = new PartitionScopes();
      partitions.put(partition, scopes);
    }
    lastPartition = partition;
    lastScopes = scopes;
    return scopes;
  }

  Map<PartitionId, PartitionScopes> partitions() {
    return partitions;
  }

  /** Forgets every partition, as on a fresh start. */
  void clear() {
    partitions.clear();
    lastPartition = null;
    lastScopes = null;
  }

  /**
   * Where one scope stands: the last admitted sequence. With positions, {@code segment} and {@code
   * last} are the position's segment and offset; with header sequences, {@code segment} is 0 and
   * {@code last} is the sequence. Mutated in place so that advancing allocates nothing.
   */
  static final class Cursor {
    long segment;
    long last;

    Cursor(long segment, long last) {
      this.segment = segment;
      this.last = last;
    }

    void moveTo(long segment, long last) {
      this.segment = segment;
      this.last = last;
    }
  }

  /**
   * The scopes of one partition: a single cursor when ordering is per partition; otherwise one per
   * key, with the null key kept apart (it is a key of its own, distinct from the empty key).
   */
  static final class PartitionScopes {
    Cursor partitionCursor;
    Cursor nullKeyCursor;
    final Map<KeyScope, Cursor> keyCursors = new HashMap<>();
    // Reused for lookups so that a known key costs no allocation.
    private final KeyScope probe = new KeyScope();

    /** The cursor of {@code key}'s scope, or null if the key has not been seen. */
    Cursor keyCursor(byte[] key) {
      if (key == null) {
        return nullKeyCursor;
      }
      Cursor cursor = keyCursors.get(probe.pointTo(key));
      probe.pointTo(null);
      return cursor;
    }

    /** Starts {@code key}'s scope. The key array is kept, not copied: record keys never change. */
    Cursor startKey(byte[] key, long segment, long last) {
      Cursor cursor = new Cursor(segment, last);
      if (key == null) {
        nullKeyCursor = cursor;
      } else {
        keyCursors.put(new KeyScope().pointTo(key), cursor);
      }
      return cursor;
    }
  }

  /** A key compared by content. Stored instances never change; only the lookup probe does. */
  static final class KeyScope {
    private byte[] key;
    private int hash;

    KeyScope pointTo(byte[] key) {
      this.key = key;
      this.hash = key == null ? 0 : Arrays.hashCode(key);
      return this;
    }

    byte[] key() {
      return key;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof KeyScope other && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
