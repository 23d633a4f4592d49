/**
 * platform.jobs: the one durable work-item facility (ADR 23). Modules register a {@link dev.esm.platform.jobs.JobHandler}
 * per kind of job and enqueue work with {@link dev.esm.platform.jobs.Jobs}; the facility claims due jobs with
 * {@code FOR UPDATE SKIP LOCKED}, leases and heartbeats them, backs off with jitter, reads back before resending what
 * may have reached the outside world, and takes over the jobs of dead nodes.
 */
@org.springframework.modulith.NamedInterface("jobs")
package dev.esm.platform.jobs;
