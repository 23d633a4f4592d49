package dev.esm.admin;

import java.util.Arrays;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.esm.accounts.PlatformAdmins;

/** Grants the platform-admin role at start to the operators named in ESM_ADMIN_EMAILS (comma-separated). */
@Component
@Order(10)
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final PlatformAdmins platformAdmins;
    private final AdminProperties properties;

    AdminBootstrap(PlatformAdmins platformAdmins, AdminProperties properties) {
        this.platformAdmins = platformAdmins;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        int granted = 0;
        for (String email : properties.emailList()) {
            if (platformAdmins.grantPlatformAdmin(email, "ESM_ADMIN_EMAILS")) {
                granted++;
            }
        }
        if (!properties.emailList().isEmpty()) {
            log.info("ESM_ADMIN_EMAILS: {} of {} operators found and made platform admins", granted,
                    properties.emailList().size());
        }
    }

    /** @param emails comma-separated emails of operators to make platform admins at start */
    @ConfigurationProperties("esm.admin")
    record AdminProperties(String emails) {
        List<String> emailList() {
            return emails == null ? List.of()
                    : Arrays.stream(emails.split(",")).map(String::strip).filter(e -> !e.isEmpty()).toList();
        }
    }
}
