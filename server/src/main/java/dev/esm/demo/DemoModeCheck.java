package dev.esm.demo;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses a demo mode that could only half-start, before anything starts (no database, no port): demo mode asked for
 * ({@code ESM_DEMO=true}) with an external database, or with the simulators wanted ({@code ESM_SANDBOX} not
 * {@code false}) but not on the class path, as with the production jar, which carries none (ADR 20). The sandbox's own
 * post-processor, ordered before this one, sets {@code esm.sandbox.running} when it has started them. Registered in
 * {@code META-INF/spring.factories}, also as the reporter of its own refusal: Spring Boot then logs no stack trace,
 * and the one line {@code ESM could not start: <reason>} of {@code EsmApplication.main} is all the output.
 */
public final class DemoModeCheck implements EnvironmentPostProcessor, SpringBootExceptionReporter, Ordered {

    static final String RUN_THE_DEMO = "./mvnw -pl demo -am spring-boot:run";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String problem = problem(environment);
        if (problem != null) {
            throw new Refused(problem);
        }
    }

    /** Our refusal needs no stack trace: the reason is the whole story, printed once by {@code EsmApplication}. */
    @Override
    public boolean reportException(Throwable failure) {
        return failure instanceof Refused;
    }

    static final class Refused extends IllegalStateException {
        Refused(String reason) {
            super(reason);
        }
    }

    /** Null when the start may go on; else why demo mode cannot start, in one line. */
    static String problem(ConfigurableEnvironment environment) {
        if (!environment.getProperty("esm.demo.enabled", Boolean.class, false)
                || environment.containsProperty("esm.command")) {
            return null;
        }
        if (!environment.getProperty("esm.database.url", "").isBlank()) {
            return "demo mode (ESM_DEMO=true) runs on the embedded database only: unset ESM_DATABASE_URL or ESM_DEMO";
        }
        boolean simulatorsWanted = environment.getProperty("esm.sandbox.enabled", Boolean.class, true);
        if (simulatorsWanted && !environment.getProperty("esm.sandbox.running", Boolean.class, false)) {
            return "demo mode (ESM_DEMO=true) needs the sandbox simulators, which this build does not carry: run the "
                    + "demo with " + RUN_THE_DEMO + " (or set ESM_SANDBOX=false for demo data without simulators)";
        }
        return null;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
