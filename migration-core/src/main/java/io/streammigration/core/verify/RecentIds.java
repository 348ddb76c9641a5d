package io.streammigration.core.verify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded multiset of 64-bit record ids that forgets the oldest distinct id once it holds more
 * than its capacity: the verifier's memory of recently matched and recently missed records.
 */
final class RecentIds {

  private final LinkedHashMap<Long, Integer> counts;

  RecentIds(int capacity) {
    this.counts =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Integer> eldest) {
            return size() > capacity;
          }
        };
  }

  void add(long id) {
    counts.merge(id, 1, Integer::sum);
  }

  boolean contains(long id) {
    return counts.containsKey(id);
  }

  /** Removes one occurrence; false if there was none. */
  boolean remove(long id) {
    Integer n = counts.get(id);
    if (n == null) {
      return false;
    }
    if (n == 1) {
      counts.remove(id);
    } else {
      counts.put(id, n - 1);
    }
    return true;
  }

  void clear() {
    counts.clear();
  }
}
