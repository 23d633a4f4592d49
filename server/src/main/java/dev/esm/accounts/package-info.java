/**
 * Accounts: operators, sign-up and sign-in, sessions, API tokens, security filter chains, deleting one's account and
 * exporting one's data (each module's part through the port {@link dev.esm.accounts.spi.OperatorData}).
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "platform :: problems",
        "platform :: jobs"})
package dev.esm.accounts;
