package dev.esm.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import dev.esm.TestSandbox;
import dev.esm.IntegrationTest;
import dev.esm.TestOperators.TestOperator;
import dev.esm.WebClient;
import dev.esm.platform.ActingOperator;
import dev.esm.accounts.PlatformAdmins;
import dev.esm.platform.database.DatabaseAccess;
import dev.esm.shared.Marketplace;
import dev.esm.marketplace.StoreCredentials;
import dev.esm.stores.Stores;

/** Platform admins see across operators only through the audited path, and never a secret. */
class AdminIntegrationTests extends IntegrationTest {

    @Autowired
    PlatformAdmins platformAdmins;
    @Autowired
    Stores stores;
    @Autowired
    AdminQueries admin;
    @Autowired
    ApplicationContext context;

    @Test
    void operatorsWhoAreNotAdminsCannotOpenAdminPages() {
        TestOperator operator = operators.create("Not Admin");
        WebClient web = browser();
        web.signIn(operator.email(), operator.password());
        assertThat(web.get("/admin").status()).isEqualTo(403);
        web.get("/stores");
        assertThat(web.post("/admin/keys/rewrap", java.util.Map.of()).status()).isEqualTo(403);
    }

    @Test
    void adminSeesEveryOperatorsStoresWithoutSecretsAndEachReadIsAudited() {
        TestOperator seller = operators.create("Seller For Admin");
        ActingOperator.runAs(seller.id(), () -> stores.add(Marketplace.WALMART, "Audited Shop",
                TestSandbox.walmartCredentials("admin-client", "admin-visible-secret"), "test"));
        TestOperator root = operators.create("Root");
        assertThat(platformAdmins.grantPlatformAdmin(root.email(), "test")).isTrue();
        WebClient web = browser();
        web.signIn(root.email(), root.password());

        String page = web.get("/admin").body();
        assertThat(page).contains("Audited Shop").contains(seller.email()).doesNotContain("admin-visible-secret")
                .doesNotContain("admin-client");
        var audit = ActingOperator.runAs(root.id(), () -> admin.auditLog("test", 20));
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("admin.list-stores");
            assertThat(e.actorEmail()).isEqualTo(root.email());
            assertThat(e.source()).isNotBlank();
        });
        assertThat(audit).anySatisfy(e -> assertThat(e.action()).isEqualTo("admin.list-operators"));
    }

    @Test
    void adminFunctionsRefuseAnyoneButAnAdminAtTheDatabase() throws SQLException {
        TestOperator operator = operators.create("Sneaky");
        try (Connection app = DatabaseAccess.runtimeRole(context); Statement sql = app.createStatement()) {
            app.setAutoCommit(false);
            sql.execute("select set_config('esm.operator_id', '" + operator.id() + "', true)");
            assertThatThrownBy(() -> sql.executeQuery("select * from esm.admin_stores('test')"))
                    .hasMessageContaining("not a platform admin");
            app.rollback();
            assertThatThrownBy(() -> sql.executeQuery("select * from esm.admin_operators('test')"))
                    .hasMessageContaining("not a platform admin");
            app.rollback();
            assertThatThrownBy(() -> sql.executeUpdate("update esm.operator set platform_admin = true"))
                    .isInstanceOf(SQLException.class);
            app.rollback();
        }
    }
}
