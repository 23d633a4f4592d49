/**
 * Platform: database and roles, tenancy, vault, audit, events outbox, live streams, web errors. Depends on no other
 * module; every module may use its root package (the API). Sub-packages are its implementation.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {})
package dev.esm.platform;
