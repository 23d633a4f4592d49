package dev.esm.privacy.internal;

import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.marketplace.AccountDeletion;
import dev.esm.marketplace.AccountDeletionReceiver;
import dev.esm.platform.Vault;
import dev.esm.platform.jobs.Jobs;

/**
 * Receives verified account deletion notices (ADR 33): one row per (marketplace, notification id) in
 * {@code account_deletion_notice}, the account's ids sealed with the master key, and an {@code account-deletion} job
 * on it, in one transaction; a repeated delivery only counts itself. The job ({@link MarketplaceAccountDeletionJob}) removes what
 * the notice names.
 */
@Component
class AccountDeletionNotices implements AccountDeletionReceiver {

    /** The sealed accounts of a notice, bound to its row. */
    static String purpose(UUID noticeId) {
        return "account-deletion-notice:" + noticeId;
    }

    /** What the notice names, as sealed in its row. */
    record Accounts(List<String> buyerAccounts, String sellerAccount) {

        @Override
        public String toString() {
            return "Accounts[redacted]";
        }
    }

    private final JdbcClient jdbc;
    private final Vault vault;
    private final Jobs jobs;
    private final JsonMapper json = JsonMapper.builder().build();

    AccountDeletionNotices(JdbcClient jdbc, Vault vault, Jobs jobs) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.jobs = jobs;
    }

    @Override
    @Transactional
    public boolean receive(AccountDeletion notice) {
        UUID id = UUID.randomUUID();
        byte[] sealed = vault.sealUnbound(purpose(id),
                json.writeValueAsBytes(new Accounts(notice.buyerAccounts(), notice.sellerAccount())));
        int inserted = jdbc.sql("""
                        insert into esm.account_deletion_notice (id, marketplace, notification_id, event_at, accounts)
                        values (?, ?, ?, ?, ?) on conflict (marketplace, notification_id) do nothing""")
                .params(id, notice.marketplace().name(), notice.notificationId(),
                        notice.eventAt() == null ? null : Timestamp.from(notice.eventAt()), sealed)
                .update();
        if (inserted == 0) {
            jdbc.sql("""
                            update esm.account_deletion_notice set duplicates = duplicates + 1
                             where marketplace = ? and notification_id = ?""")
                    .params(notice.marketplace().name(), notice.notificationId()).update();
            return false;
        }
        jobs.enqueue(MarketplaceAccountDeletionJob.KIND, id, null);
        return true;
    }
}
