package io.streammigration.kafka.testbroker;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that starts one {@link KafkaTestBroker} per test class and closes it after
 * the class's last test.
 *
 * <p>Register it with {@code @ExtendWith(KafkaBrokerExtension.class)}. The broker is injected into
 * test constructors, lifecycle and test methods that declare a {@code KafkaTestBroker}
 * parameter, and into static or instance fields of that type. A test that stops the broker (to
 * simulate a bounce) must start it again; the extension restarts a stopped broker before each
 * test so that one failed bounce test does not break the ones after it.
 *
 * <p>A test class that needs a broker configured otherwise (with authorization, say) registers
 * the extension with a factory instead: {@code @RegisterExtension static KafkaBrokerExtension
 * broker = new KafkaBrokerExtension(() -> new KafkaTestBroker().withAuthorization(users));}.
 *
 * <p>Tests sharing the broker should use unique topic names (for example the test's name plus a
 * counter): the broker's data is shared by the whole class.
 *
 * <p>{@code @ExtendWith(KafkaBrokerExtension.Shared.class)} goes one step further: every class so
 * registered in one JVM shares one broker, started by the first and closed when the test run
 * ends. That saves a broker start and stop per class; the classes must then keep their topic,
 * group and transactional ids apart from each other's too.
 */
public final class KafkaBrokerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(KafkaBrokerExtension.class);

  private final Supplier<KafkaTestBroker> factory;
  /** True: one broker for the whole test run (the root context's); false: one per class. */
  private final boolean shared;

  /** Starts a broker with the default settings. */
  public KafkaBrokerExtension() {
    this(KafkaTestBroker::new);
  }

  /** Starts the broker {@code factory} makes (not started yet); for {@code @RegisterExtension}. */
  public KafkaBrokerExtension(Supplier<KafkaTestBroker> factory) {
    this(factory, false);
  }

  private KafkaBrokerExtension(Supplier<KafkaTestBroker> factory, boolean shared) {
    this.factory = Objects.requireNonNull(factory, "factory");
    this.shared = shared;
  }

  /**
   * A default broker shared by every test class of the run that registers this extension: see
   * the class comment.
   */
  public static final class Shared
      implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, ParameterResolver {

    private final KafkaBrokerExtension delegate = new KafkaBrokerExtension(KafkaTestBroker::new, true);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
      delegate.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
      delegate.afterAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
      delegate.beforeEach(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return delegate.supportsParameter(parameter, context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return delegate.resolveParameter(parameter, context);
    }
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    KafkaTestBroker broker = broker(context);
    injectFields(context.getRequiredTestClass(), null, broker, true);
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    KafkaTestBroker broker = broker(context);
    broker.start();
    Object instance = context.getRequiredTestInstance();
    injectFields(instance.getClass(), instance, broker, false);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (shared) {
      return; // the root context closes it when the run ends (the broker is AutoCloseable)
    }
    KafkaTestBroker broker = context.getStore(NAMESPACE).remove("broker", KafkaTestBroker.class);
    if (broker != null) {
      broker.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaTestBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return broker(context);
  }

  /** The class-level broker, started on first use. */
  private KafkaTestBroker broker(ExtensionContext context) {
    ExtensionContext classContext =
        shared
            ? context.getRoot()
            : context.getTestClass().isPresent() && context.getTestMethod().isPresent()
                ? context.getParent().orElse(context)
                : context;
    return classContext
        .getStore(NAMESPACE)
        // Distinct keys: a class's store also sees its parents' values, and a class with a broker
        // of its own must not pick up the shared one.
        .getOrComputeIfAbsent(shared ? "shared-broker" : "broker", k -> factory.get().start(), KafkaTestBroker.class);
  }

  private static void injectFields(Class<?> type, Object instance, KafkaTestBroker broker, boolean statics)
      throws IllegalAccessException {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        if (field.getType() == KafkaTestBroker.class && Modifier.isStatic(field.getModifiers()) == statics) {
          field.setAccessible(true);
          field.set(instance, broker);
        }
      }
    }
  }
}
