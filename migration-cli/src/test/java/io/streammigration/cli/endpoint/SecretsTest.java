package io.streammigration.cli.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SecretsTest {

  @Test
  void masksPasswordsSecretsTokensAndJaasConfigWhateverTheCase() {
    Properties config = new Properties();
    config.put("bootstrap.servers", "broker:9092");
    config.put("ssl.keystore.password", "hunter2");
    config.put("ssl.key.PASSWORD", "hunter3");
    config.put("client.secret", "s3cret");
    config.put("sasl.oauthbearer.token.endpoint.url", "https://idp/token");
    config.put("sasl.jaas.config", "org.apache.kafka...PlainLoginModule required password=\"x\";");
    config.put("sasl.mechanism", "PLAIN");

    Map<String, String> shown = Secrets.masked(config);

    assertThat(shown)
        .containsEntry("bootstrap.servers", "broker:9092")
        .containsEntry("sasl.mechanism", "PLAIN")
        .containsEntry("ssl.keystore.password", Secrets.MASK)
        .containsEntry("ssl.key.PASSWORD", Secrets.MASK)
        .containsEntry("client.secret", Secrets.MASK)
        .containsEntry("sasl.oauthbearer.token.endpoint.url", Secrets.MASK)
        .containsEntry("sasl.jaas.config", Secrets.MASK);
    assertThat(shown.toString()).doesNotContain("hunter", "s3cret", "PlainLoginModule");
  }
}
