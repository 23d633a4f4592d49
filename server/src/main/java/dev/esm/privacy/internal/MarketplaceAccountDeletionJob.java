package dev.esm.privacy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import dev.esm.marketplace.MarketplaceOrder;
import dev.esm.platform.ActingOperator;
import dev.esm.platform.AuditTrail;
import dev.esm.platform.Vault;
import dev.esm.platform.jobs.JobAttempt;
import dev.esm.platform.jobs.JobHandler;
import dev.esm.platform.jobs.JobResult;
import dev.esm.privacy.BuyerErasure;
import dev.esm.privacy.ErasureReason;
import dev.esm.shared.Marketplace;
import dev.esm.stores.SellerAccountClosures;

/**
 * Works one account deletion notice (kind {@code account-deletion}, acting for no operator): for every store of the
 * marketplace, whoever owns it, acting for its owner, the account's keyed hashes with that store's index key find the
 * orders the account bought (the buyer-account index, {@code esm.orders_by_buyer_account}), whose buyer data
 * {@link BuyerErasure} removes for good; then a store connected to the account as its seller is disconnected
 * ({@link SellerAccountClosures}). Each store's step commits on its own and adds to the notice's counts; a repeated
 * step removes nothing more (tombstones), so a crash midway is harmless. Last, the sealed account ids are dropped, the
 * notice is marked processed and one audit entry of the system records it with its counts.
 */
@Component
class MarketplaceAccountDeletionJob implements JobHandler {

    static final String KIND = "marketplace-account-deletion";
    private static final String SOURCE = "marketplace-account-deletion";
    private static final Logger log = LoggerFactory.getLogger(MarketplaceAccountDeletionJob.class);

    private record Notice(UUID id, Marketplace marketplace, byte[] accounts) {
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Vault vault;
    private final BuyerErasure erasure;
    private final SellerAccountClosures closures;
    private final AuditTrail audit;
    private final JsonMapper json = JsonMapper.builder().build();

    MarketplaceAccountDeletionJob(JdbcClient jdbc, TransactionTemplate transactions, Vault vault, BuyerErasure erasure,
                       SellerAccountClosures closures, AuditTrail audit) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.vault = vault;
        this.erasure = erasure;
        this.closures = closures;
        this.audit = audit;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public int maxAttempts() {
        return 20;
    }

    @Override
    public JobResult run(JobAttempt attempt) {
        Optional<Notice> found = transactions.execute(tx -> jdbc.sql("""
                        select id, marketplace, accounts from esm.account_deletion_notice
                         where id = ? and processed_at is null""")
                .param(attempt.subject())
                .query((rs, n) -> new Notice(rs.getObject(1, UUID.class), Marketplace.valueOf(rs.getString(2)),
                        rs.getBytes(3)))
                .optional());
        if (found.isEmpty()) {
            return JobResult.done();
        }
        Notice notice = found.get();
        AccountDeletionNotices.Accounts accounts = json.readValue(
                vault.openUnbound(AccountDeletionNotices.purpose(notice.id()), notice.accounts()),
                AccountDeletionNotices.Accounts.class);
        if (!accounts.buyerAccounts().isEmpty()) {
            for (SellerAccountClosures.StoreOwner store : closures.storesOf(notice.marketplace())) {
                eraseBuyers(notice, store, accounts.buyerAccounts());
            }
        }
        transactions.executeWithoutResult(tx -> {
            List<UUID> disconnected = closures.disconnect(notice.marketplace(), accounts.sellerAccount(), SOURCE);
            int updated = jdbc.sql("""
                            update esm.account_deletion_notice
                               set stores_disconnected = stores_disconnected + ?, accounts = null, processed_at = now()
                             where id = ? and processed_at is null""")
                    .params(disconnected.size(), notice.id()).update();
            if (updated == 1) {
                audit.recordForSystem("privacy.marketplace-account-deletion", "notice:" + notice.id(), SOURCE);
            }
        });
        log.info("Account deletion notice {} processed", notice.id());
        return JobResult.done();
    }

    /** One store's part, acting for its owner, in one transaction: find the account's orders, remove their buyer. */
    private void eraseBuyers(Notice notice, SellerAccountClosures.StoreOwner store, List<String> buyerAccounts) {
        ActingOperator.runAs(store.ownerId(), () -> transactions.executeWithoutResult(tx -> {
            List<String> hashes = new ArrayList<>();
            for (String account : buyerAccounts) {
                vault.searchIndex(store.storeId(), MarketplaceOrder.Buyer.ACCOUNT_INDEX, account).ifPresent(hashes::add);
            }
            if (hashes.isEmpty()) {
                return;
            }
            List<UUID> orders = jdbc.sql("select esm.orders_by_buyer_account(?, ?)")
                    .params(store.storeId(), hashes.toArray(String[]::new)).query(UUID.class).list();
            int erased = orders.isEmpty() ? 0 : erasure.erase(orders, ErasureReason.MARKETPLACE_ACCOUNT_DELETION);
            if (erased > 0) {
                jdbc.sql("update esm.account_deletion_notice set orders_erased = orders_erased + ? where id = ?")
                        .params(erased, notice.id()).update();
            }
        }));
    }
}
