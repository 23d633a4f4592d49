/** Platform-admin pages through the audited definer functions. */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "platform")
package dev.esm.admin;
