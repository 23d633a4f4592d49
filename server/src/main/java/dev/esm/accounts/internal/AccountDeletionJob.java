package dev.esm.accounts.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.esm.accounts.Accounts;
import dev.esm.accounts.OperatorDeleted;
import dev.esm.accounts.spi.OperatorData;
import dev.esm.platform.AuditTrail;
import dev.esm.platform.jobs.JobAttempt;
import dev.esm.platform.jobs.JobHandler;
import dev.esm.platform.jobs.JobResult;

/**
 * Removes a deleted account (ADR 34), acting for the operator, as the {@code account-deletion} job: every step is
 * harmless when repeated, so a node that dies half-way leaves the job to be claimed again after its lease, and the next
 * attempt goes through all steps once more and finishes. In order: the audit entries of the operator and its stores
 * (as the owner, {@link AuditTrail#forgetOperator}: the runtime role may not delete them); what can only be found
 * with the stores' secrets
 * (rate buckets of seller accounts and API keys); the stores' data keys (crypto-shredding: from here on nothing sealed
 * for them opens); each module's rows ({@link OperatorData#erase}: shipping, orders, stores); then, in one transaction,
 * the sessions, API tokens and the operator row (its exports and jobs, this one included, go with it by their foreign
 * keys), publishing {@link OperatorDeleted}.
 */
@Component
class AccountDeletionJob implements JobHandler {

    private static final Logger log = LoggerFactory.getLogger(AccountDeletionJob.class);
    private static final String SOURCE = "account-deletion";

    private final ObjectProvider<OperatorData> modules;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    AccountDeletionJob(ObjectProvider<OperatorData> modules, JdbcClient jdbc, TransactionTemplate transactions,
                       AuditTrail audit, ApplicationEventPublisher events) {
        this.modules = modules;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.audit = audit;
        this.events = events;
    }

    @Override
    public String kind() {
        return Accounts.DELETION_JOB;
    }

    /** Short, so that a dead node's deletion is taken over soon; the heartbeat renews it while the node lives. */
    @Override
    public Duration lease() {
        return Duration.ofSeconds(30);
    }

    @Override
    public JobResult run(JobAttempt attempt) {
        UUID operator = attempt.owner();
        Boolean asked = transactions.execute(tx -> jdbc.sql(
                        "select count(*) > 0 from operator where id = ? and deletion_requested_at is not null")
                .param(operator).query(Boolean.class).single());
        if (!Boolean.TRUE.equals(asked)) {
            return JobResult.done(); // gone already, or never asked for
        }
        List<OperatorData> parts = modules.orderedStream().toList();
        List<String> targets = new ArrayList<>(List.of("operator:" + operator));
        parts.forEach(part -> targets.addAll(part.auditTargets(operator)));
        int forgotten = audit.forgetOperator(operator, targets, SOURCE);
        parts.forEach(part -> part.beforeKeysDestroyed(operator));
        parts.forEach(part -> part.destroyKeys(operator));
        for (OperatorData part : parts) {
            part.erase(operator);
            attempt.heartbeat();
        }
        // entries other work acting for the operator wrote meanwhile (a batch or an export finishing)
        forgotten += audit.forgetOperator(operator, targets, null);
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("delete from spring_session where principal_name = ?").param(operator.toString()).update();
            jdbc.sql("delete from api_token where operator_id = ?").param(operator).update();
            jdbc.sql("delete from operator where id = ?").param(operator).update();
            events.publishEvent(new OperatorDeleted(operator));
        });
        log.info("Operator {} deleted ({} audit entries removed, attempt {})", operator, forgotten, attempt.number());
        return JobResult.done();
    }
}
