package io.streammigration.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.streammigration.kafka.testbroker.KafkaBrokerExtension;
import io.streammigration.kafka.testbroker.KafkaTestBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Secret client settings pass through to Kafka but never show: not in configuration dumps, not in
 * DEBUG logs, not in error messages or stack traces.
 */
@ExtendWith(KafkaBrokerExtension.Shared.class)
class SecretsNeverLeakTest {

  private static KafkaTestBroker broker;

  @Test
  void secretValuesAppearNowhereInDebugLogsOrErrors() throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder(
            java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
            "-cp", System.getProperty("java.class.path"),
            SecretsProcess.class.getName(), broker.bootstrapServers())
        .redirectErrorStream(true)
        .start();
    byte[] output = child.getInputStream().readAllBytes();
    assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String log = new String(output, StandardCharsets.UTF_8);

    assertThat(child.exitValue()).as("child output:%n%s", tail(log)).isZero();
    // The run did what it should: debug logging on, configs dumped, every error provoked.
    assertThat(log).contains("DEBUG").contains(ClientSettings.HIDDEN);
    assertThat(log).contains("source failed as intended").contains("source topic no-such-topic-for-secrets does not exist");
    assertThat(log).contains("sink failed as intended").contains("destination topic no-such-destination-for-secrets does not exist");
    assertThat(log).contains("transactional sink failed as intended").contains("store failed as intended");
    for (String secret : new String[] {
        SecretsProcess.JAAS_SECRET, SecretsProcess.TRUSTSTORE_SECRET, SecretsProcess.KEY_SECRET, SecretsProcess.TOKEN_SECRET}) {
      assertThat(log).as("output of a run with secret %s", secret).doesNotContain(secret);
    }
  }

  @Test
  void clientSettingsHideSecretsButPassThemUnchanged() {
    ClientSettings settings = ClientSettings.of(SecretsProcess.secretSettings());
    assertThat(settings.toString()).doesNotContain(SecretsProcess.JAAS_SECRET, SecretsProcess.TRUSTSTORE_SECRET,
        SecretsProcess.KEY_SECRET, SecretsProcess.TOKEN_SECRET).contains("sasl.jaas.config=" + ClientSettings.HIDDEN);
    assertThat(settings.asMap().get("ssl.truststore.password")).isEqualTo(SecretsProcess.TRUSTSTORE_SECRET);
    assertThat(settings.describe()).containsEntry("default.api.timeout.ms", "5000");
  }

  private static String tail(String log) {
    return log.length() < 4000 ? log : log.substring(log.length() - 4000);
  }
}
