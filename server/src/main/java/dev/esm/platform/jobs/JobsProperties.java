package dev.esm.platform.jobs;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The job facility ({@code esm.jobs.*}).
 *
 * @param enabled   whether this node works jobs at all (each handler says how many of its kind at once)
 * @param idlePoll  how often an idle worker looks for due jobs (enqueueing on this node wakes it at once)
 * @param heartbeat how often the node renews the leases of the jobs it is running; well under the shortest lease
 */
@ConfigurationProperties("esm.jobs")
public record JobsProperties(Boolean enabled, Duration idlePoll, Duration heartbeat) {

    public JobsProperties {
        enabled = enabled == null || enabled;
        idlePoll = idlePoll == null ? Duration.ofSeconds(1) : idlePoll;
        heartbeat = heartbeat == null ? Duration.ofSeconds(5) : heartbeat;
    }
}
