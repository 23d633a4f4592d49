/** Platform-admin pages through the audited definer functions. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"accounts", "platform"})
package dev.esm.admin;
