package io.fleethub.transport.http.service;

import static io.fleethub.transport.http.service.IotHubErrorAssert.assertIotHubError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.core.consumergroups.ConsumerGroups;
import io.fleethub.transport.http.RunningHub;
import io.fleethub.transport.http.RunningHub.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConsumerGroupApiTest {
  private static final String GROUPS = "/$fleethub/consumergroups";

  private RunningHub hub;

  @BeforeEach
  void startHub() throws Exception {
    hub = RunningHub.start();
  }

  @AfterEach
  void stopHub() {
    assertThat(hub.storeCallsOnEventLoop()).as("store calls made on an event loop").isEmpty();
    hub.close();
  }

  @Test
  void listsTheDefaultGroupOfANewHub() {
    Response response = hub.request("GET", GROUPS).token(hub.token("service")).send();

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo("[{\"name\":\"$Default\",\"createdTime\":\"2024-01-02T03:04:05.6789012Z\"}]");
  }

  @Test
  void createsAGroupThatIsThenListedAndReadIgnoringCase() {
    // WHEN the owner creates a group a minute after the hub started
    hub.clock().advance(Duration.ofMinutes(1));
    Response created = hub.request("PUT", GROUPS + "/Analytics").send();

    // THEN it answers 201 with the group, which the list and a read by any case show
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.body()).isEqualTo("{\"name\":\"Analytics\",\"createdTime\":\"2024-01-02T03:05:05.6789012Z\"}");
    assertThat(names(hub.request("GET", GROUPS).send().json())).containsExactly("$Default", "Analytics");
    Response read = hub.request("GET", GROUPS + "/analytics").token(hub.token("service")).send();
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(created.json());
  }

  @Test
  void deletesAGroup() {
    hub.request("PUT", GROUPS + "/analytics").send();

    Response deleted = hub.request("DELETE", GROUPS + "/ANALYTICS").send();

    assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
    assertThat(names(hub.request("GET", GROUPS).send().json())).containsExactly("$Default");
    assertIotHubError(hub.request("GET", GROUPS + "/analytics").send(), 404, "NotFound");
  }

  @Test
  void refusesATakenNameIgnoringCaseAndKeepsTheFirstGroup() {
    Response first = hub.request("PUT", GROUPS + "/analytics").send();

    Response again = hub.request("PUT", GROUPS + "/Analytics").send();

    assertIotHubError(again, 409, "Conflict");
    assertThat(hub.request("GET", GROUPS).send().json().get(1)).isEqualTo(first.json());
    assertThat(hub.request("GET", GROUPS).send().json()).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"has%20space", "a%2Fb", "dollar$", "%24default2"})
  void refusesANameNoGroupMayHaveAndCreatesNothing(String encodedName) {
    assertIotHubError(hub.request("PUT", GROUPS + "/" + encodedName).send(), 400, "ArgumentInvalid");
    assertIotHubError(hub.request("GET", GROUPS + "/" + encodedName).send(), 404, "NotFound");
    assertIotHubError(hub.request("DELETE", GROUPS + "/" + encodedName).send(), 404, "NotFound");
    assertThat(names(hub.request("GET", GROUPS).send().json())).containsExactly("$Default");
  }

  @Test
  void refusesANameLongerThanFiftyCharacters() {
    assertIotHubError(hub.request("PUT", GROUPS + "/" + "g".repeat(51)).send(), 400, "ArgumentInvalid");
    assertThat(hub.request("PUT", GROUPS + "/" + "g".repeat(50)).send().status()).isEqualTo(201);
  }

  @Test
  void refusesAGroupBeyondTheLimitAndCreatesNothing() {
    // GIVEN a hub with as many groups as it may have, $Default included
    for (int i = 1; i < ConsumerGroups.MAX_GROUPS; i++) {
      assertThat(hub.request("PUT", GROUPS + "/g" + i).send().status()).isEqualTo(201);
    }

    // WHEN one more is created
    Response response = hub.request("PUT", GROUPS + "/one-too-many").send();

    // THEN it is forbidden and the list is as it was
    assertIotHubError(response, 403, "Forbidden");
    assertThat(hub.request("GET", GROUPS).send().json()).hasSize(ConsumerGroups.MAX_GROUPS);
  }

  @Test
  void readsTheDefaultGroupByAnyCase() {
    Response response = hub.request("GET", GROUPS + "/%24DEFAULT").send();

    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.json().get("name").asText()).isEqualTo("$Default");
  }

  @Test
  void refusesToDeleteTheDefaultGroupOrAnUnknownOne() {
    assertIotHubError(hub.request("DELETE", GROUPS + "/$Default").send(), 400, "InvalidOperation");
    assertIotHubError(hub.request("DELETE", GROUPS + "/%24default").send(), 400, "InvalidOperation");
    assertIotHubError(hub.request("DELETE", GROUPS + "/ghost").send(), 404, "NotFound");
    assertThat(names(hub.request("GET", GROUPS).send().json())).containsExactly("$Default");
  }

  @Test
  void letsServiceConnectTokensReadButOnlyTheOwnerChangeGroups() {
    // GIVEN a group, and a token of the service policy
    hub.request("PUT", GROUPS + "/analytics").send();
    String service = hub.token("service");

    // WHEN it reads, creates and deletes, and tokens without ServiceConnect read
    Response list = hub.request("GET", GROUPS).token(service).send();
    Response create = hub.request("PUT", GROUPS + "/other").token(service).send();
    Response delete = hub.request("DELETE", GROUPS + "/analytics").token(service).send();
    Response registryRead = hub.request("GET", GROUPS).token(hub.token("registryReadWrite")).send();
    Response anonymous = hub.request("GET", GROUPS).withoutToken().send();

    // THEN only the reads with ServiceConnect succeed, and the groups are as they were
    assertThat(list.status()).isEqualTo(200);
    assertIotHubError(create, 403, "Forbidden");
    assertIotHubError(delete, 403, "Forbidden");
    assertIotHubError(registryRead, 403, "Forbidden");
    assertIotHubError(anonymous, 401, "IotHubUnauthorizedAccess");
    assertThat(names(hub.request("GET", GROUPS).send().json())).containsExactly("$Default", "analytics");
  }

  private static List<String> names(JsonNode groups) {
    List<String> names = new ArrayList<>();
    groups.forEach(group -> names.add(group.get("name").asText()));
    return names;
  }
}
