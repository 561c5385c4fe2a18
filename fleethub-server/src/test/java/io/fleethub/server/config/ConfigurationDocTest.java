package io.fleethub.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigurationDocTest {
  private static final Path DOC = Path.of("..", "docs", "configuration.md");

  @Test
  void docsConfigurationMdIsGeneratedFromTheSettings() throws IOException {
    String generated = ConfigurationDoc.markdown();
    if (Boolean.getBoolean("fleethub.updateDocs")) {
      Files.writeString(DOC, generated, StandardCharsets.UTF_8);
    }

    assertThat(Files.readString(DOC, StandardCharsets.UTF_8))
        .as("docs/configuration.md is out of date; regenerate it with"
            + " ./mvnw -B test -pl fleethub-server -Dtest=ConfigurationDocTest -Dfleethub.updateDocs=true")
        .isEqualTo(generated);
  }

  @Test
  void documentsEverySetting() {
    String doc = ConfigurationDoc.markdown();

    for (ServerConfig.Setting setting : ServerConfig.Setting.values()) {
      assertThat(doc).contains("`" + setting.option() + " ").contains("`" + setting.environmentVariable() + "`");
    }
  }
}
