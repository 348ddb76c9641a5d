package io.streammigration.core.verify;

import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.Record;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Predicate;

/**
 * Hashes what a destination must reproduce of a record: key, value and headers (the fields {@link
 * Record#sameContentAs} compares). Timestamp, partition and position are left out because a
 * destination legitimately assigns its own.
 *
 * <p>The hash is SHA-256 over an unambiguous encoding: each byte field is a presence byte (so null
 * and empty differ), a 4-byte length and the bytes; headers are preceded by their count and keep
 * their order. Headers the predicate names (by default the provenance headers, which only the
 * destination carries) are skipped on both sides. Not thread-safe: one per reading thread.
 */
final class ContentHasher {

  private final MessageDigest sha256 = sha256();
  private final Predicate<String> ignoredHeader;
  private final byte[] length = new byte[4];

  ContentHasher(Predicate<String> ignoredHeader) {
    this.ignoredHeader = ignoredHeader;
  }

  /** The 32-byte content hash of {@code record}. */
  byte[] hash(Record record) {
    field(record.key());
    field(record.value());
    Headers headers = record.headers();
    int kept = 0;
    for (int i = 0; i < headers.size(); i++) {
      if (!ignoredHeader.test(headers.get(i).name())) {
        kept++;
      }
    }
    putInt(kept);
    for (int i = 0; i < headers.size(); i++) {
      Header h = headers.get(i);
      if (!ignoredHeader.test(h.name())) {
        field(h.name().getBytes(StandardCharsets.UTF_8));
        field(h.value());
      }
    }
    return sha256.digest();
  }

  /** The first 8 bytes of a hash as a long: the per-record value the multiset digest sums. */
  static long first64(byte[] hash) {
    long v = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      v = (v << 8) | (hash[i] & 0xFF);
    }
    return v;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE implementation must provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private void field(byte[] bytes) {
    if (bytes == null) {
      sha256.update((byte) 0);
      return;
    }
    sha256.update((byte) 1);
    putInt(bytes.length);
    sha256.update(bytes);
  }

  private void putInt(int v) {
    length[0] = (byte) (v >>> 24);
    length[1] = (byte) (v >>> 16);
    length[2] = (byte) (v >>> 8);
    length[3] = (byte) v;
    sha256.update(length);
  }
}
