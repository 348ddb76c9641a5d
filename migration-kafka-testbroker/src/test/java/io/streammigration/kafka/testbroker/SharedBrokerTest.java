package io.streammigration.kafka.testbroker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Classes registering {@link KafkaBrokerExtension.Shared} get one broker; others keep their own. */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class SharedBrokerTest {

  private static final AtomicReference<KafkaTestBroker> SEEN = new AtomicReference<>();

  private static void sameAsEverySharedClass(KafkaTestBroker broker) {
    SEEN.compareAndSet(null, broker);
    assertThat(broker).isSameAs(SEEN.get());
    assertThat(broker.isRunning()).isTrue();
  }

  @Nested
  @Order(1)
  @ExtendWith(KafkaBrokerExtension.Shared.class)
  class One {
    @Test
    void getsTheSharedBroker(KafkaTestBroker broker) {
      sameAsEverySharedClass(broker);
    }
  }

  @Nested
  @Order(2)
  @ExtendWith(KafkaBrokerExtension.Shared.class)
  class Another {
    @Test
    void getsTheSameSharedBroker(KafkaTestBroker broker) {
      sameAsEverySharedClass(broker);
    }
  }

  @Nested
  @Order(3)
  class OwnBroker {
    @RegisterExtension
    final KafkaBrokerExtension own = new KafkaBrokerExtension(KafkaTestBroker::new);

    @Test
    void aClassWithItsOwnExtensionDoesNotGetTheSharedOne(KafkaTestBroker broker) {
      assertThat(SEEN.get()).as("the shared broker, seen by the classes before").isNotNull();
      assertThat(broker).isNotSameAs(SEEN.get());
    }
  }
}
