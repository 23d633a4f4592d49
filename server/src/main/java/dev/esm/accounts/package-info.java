/** Accounts: operators, sign-up and sign-in, sessions, API tokens, security filter chains. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "platform")
package dev.esm.accounts;
