/** Accounts: operators, sign-up and sign-in, sessions, API tokens, security filter chains. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"platform", "platform :: problems"})
package dev.esm.accounts;
