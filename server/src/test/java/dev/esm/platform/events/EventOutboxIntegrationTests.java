package dev.esm.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.support.AbstractApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;

import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.TestSandbox;
import dev.esm.platform.ActingOperator;
import dev.esm.shared.Marketplace;
import dev.esm.stores.StoreConnected;
import dev.esm.stores.Stores;

/**
 * The events outbox (ADR 24): a publication is stored with the publishing transaction, stays when its listener fails,
 * and is handed to the listener again, by a node's start (the multicaster's start hook, as at a restart) and by the
 * resubmission task's call, which then handles it and removes it.
 */
class EventOutboxIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    Stores stores;
    @Autowired
    FlakyListener flaky;
    @Autowired
    IncompleteEventPublications incomplete;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment environment;
    @Autowired
    ApplicationContext context;

    @Test
    void anEventWhoseListenerFailedIsKeptAndHandledAfterARestart() {
        TestOperator owner = operators.create("Outbox Owner");
        flaky.failOnceFor(owner.id());
        String clientId = "outbox-" + UUID.randomUUID();
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Outbox Store",
                TestSandbox.walmartCredentials(clientId, "secret-" + UUID.randomUUID()), "test").id());

        // the listener ran after the commit and failed: the publication is still there, incomplete
        await().atMost(WAIT).until(() -> flaky.calls(owner.id()) == 1 && incompleteFor(store).size() == 1);
        Map<String, Object> publication = incompleteFor(store).get(0);
        assertThat((String) publication.get("listener_id")).contains(FlakyListener.class.getName());
        assertThat((String) publication.get("event_type")).isEqualTo(StoreConnected.class.getName());
        // ids only: nothing of the store's name or credentials in the outbox
        assertThat((String) publication.get("serialized_event")).contains(store.toString())
                .doesNotContain("Outbox Store").doesNotContain(clientId).doesNotContain("secret");
        assertThat(flaky.handled(owner.id())).isNull();

        // what a node does when it starts: Modulith's multicaster, once every bean exists, hands every incomplete
        // publication to its listener again (spring.modulith.events.republish-outstanding-events-on-restart)
        context.getBean(AbstractApplicationContext.APPLICATION_EVENT_MULTICASTER_BEAN_NAME,
                SmartInitializingSingleton.class).afterSingletonsInstantiated();

        // handled this time, acting for the owner (it read the store through row-level security), and completed
        await().atMost(WAIT).until(() -> "Outbox Store".equals(flaky.handled(owner.id())));
        await().atMost(WAIT).until(() -> incompleteFor(store).isEmpty());
        assertThat(flaky.calls(owner.id())).isEqualTo(2);
    }

    @Test
    void aFailedListenerIsAlsoRetriedByTheResubmissionTaskWhileNodesRun() {
        TestOperator owner = operators.create("Outbox Owner Too");
        flaky.failOnceFor(owner.id());
        UUID store = ActingOperator.runAs(owner.id(), () -> stores.add(Marketplace.WALMART, "Outbox Store Too",
                TestSandbox.walmartCredentials("outbox-" + UUID.randomUUID(), "secret-" + UUID.randomUUID()),
                "test").id());
        await().atMost(WAIT).until(() -> flaky.calls(owner.id()) == 1 && incompleteFor(store).size() == 1);

        // the event-resubmission task's call, with no minimum age
        incomplete.resubmitIncompletePublicationsOlderThan(Duration.ZERO);

        await().atMost(WAIT).until(() -> "Outbox Store Too".equals(flaky.handled(owner.id())));
        await().atMost(WAIT).until(() -> incompleteFor(store).isEmpty());
        assertThat(flaky.calls(owner.id())).isEqualTo(2);
    }

    @Test
    void theOutboxTableIsFlywaysNotModuliths() {
        assertThat(environment.getProperty("spring.modulith.events.jdbc.schema-initialization.enabled",
                Boolean.class)).isFalse();
        // created by V20 with Modulith's schema v2 columns
        assertThat(jdbc.sql("""
                        select count(*) from information_schema.columns where table_schema = 'esm'
                           and table_name = 'event_publication'
                           and column_name in ('status', 'completion_attempts', 'last_resubmission_date')""")
                .query(Integer.class).single()).isEqualTo(3);
    }

    private List<Map<String, Object>> incompleteFor(UUID store) {
        return jdbc.sql("""
                        select listener_id, event_type, serialized_event from esm.event_publication
                         where completion_date is null and serialized_event like ?
                           and listener_id like '%FlakyListener%'""")
                .param("%" + store + "%").query().listOfRows();
    }
}
