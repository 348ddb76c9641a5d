package io.streammigration.core.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.core.ordering.Provenance;
import io.streammigration.core.record.Header;
import io.streammigration.core.record.Headers;
import io.streammigration.core.record.PartitionId;
import io.streammigration.core.record.Position;
import io.streammigration.core.record.Record;
import org.junit.jupiter.api.Test;

class ContentHasherTest {

  private final ContentHasher hasher = new ContentHasher(Verifier::isProvenanceHeader);

  private static Record record(byte[] key, byte[] value, Headers headers) {
    return new Record(key, value, headers, 1, PartitionId.of("p"), Position.of(0));
  }

  private String hash(Record r) {
    return Hex.of(hasher.hash(r), 32);
  }

  @Test
  void nullAndEmptyFieldsHashDifferently() {
    byte[] empty = new byte[0];
    assertThat(hash(record(null, empty, Headers.EMPTY)))
        .isNotEqualTo(hash(record(empty, empty, Headers.EMPTY)))
        .isNotEqualTo(hash(record(empty, null, Headers.EMPTY)));
  }

  @Test
  void fieldBoundariesMatter() {
    // Without length prefixes "ab"+"c" and "a"+"bc" would collide.
    assertThat(hash(record(b("ab"), b("c"), Headers.EMPTY)))
        .isNotEqualTo(hash(record(b("a"), b("bc"), Headers.EMPTY)));
  }

  @Test
  void headerOrderNameAndValueAllCount() {
    Header x = Header.ofUtf8("x", "1");
    Header y = Header.ofUtf8("y", "2");
    String xy = hash(record(b("k"), b("v"), Headers.of(x, y)));
    assertThat(xy)
        .isNotEqualTo(hash(record(b("k"), b("v"), Headers.of(y, x))))
        .isNotEqualTo(hash(record(b("k"), b("v"), Headers.of(x, Header.ofUtf8("y", "3")))))
        .isNotEqualTo(hash(record(b("k"), b("v"), Headers.of(x, Header.ofUtf8("z", "2")))))
        .isNotEqualTo(hash(record(b("k"), b("v"), Headers.of(x, Header.of("y", null)))));
  }

  @Test
  void provenanceHeadersTimestampAndPositionAreIgnored() {
    Record plain = record(b("k"), b("v"), Headers.of(Header.ofUtf8("x", "1")));
    Record stamped =
        new Record(
            b("k"),
            b("v"),
            plain
                .headers()
                .with(Header.ofUtf8(Provenance.PARTITION, "other"))
                .with(Header.ofUtf8(Provenance.POSITION, "0:9")),
            99,
            PartitionId.of("q"),
            Position.of(3, 4));

    assertThat(hash(stamped)).isEqualTo(hash(plain));
  }

  @Test
  void digestsTellReorderFromLoss() {
    byte[] a = hasher.hash(record(b("a"), b("1"), Headers.EMPTY));
    byte[] c = hasher.hash(record(b("c"), b("1"), Headers.EMPTY));
    PartitionDigest ac = digest(a, c);
    PartitionDigest ca = digest(c, a);
    PartitionDigest aa = digest(a, a);

    assertThat(ac.sameSequenceAs(ca)).isFalse();
    assertThat(ac.sameMultisetAs(ca)).isTrue();
    assertThat(ac.sameMultisetAs(aa)).isFalse();
    assertThat(ac).isEqualTo(digest(a, c));
  }

  private static PartitionDigest digest(byte[]... hashes) {
    DigestAccumulator acc = new DigestAccumulator();
    for (byte[] h : hashes) {
      acc.add(h);
    }
    return acc.digest();
  }

  private static byte[] b(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
