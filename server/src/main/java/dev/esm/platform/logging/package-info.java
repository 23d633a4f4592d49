/** Masking of personal data and secrets in the log output (Logback converters), ADR 35. */
package dev.esm.platform.logging;
