package dev.esm.accounts;

import java.util.UUID;

/**
 * An operator's account was deleted. Nothing publishes it yet: ESM has no account deletion (neither by the operator nor
 * by a platform admin). The account deletion of the privacy issue ("export and deletion on request") publishes it in
 * the transaction that deletes the operator, so that listeners (reports, privacy's audit) learn of it after that
 * commit (ADR 24). The id only: the deleted account's email and name must not outlive it in the outbox.
 */
public record OperatorDeleted(UUID operatorId) {
}
