package dev.esm;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

import dev.esm.accounts.PlatformAdmins;

/**
 * Ecom Store Manager: one place to run many marketplace stores. With no arguments it serves; with
 * {@code grant-admin EMAIL} or {@code revoke-admin EMAIL} it changes the platform-admin role and exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EsmApplication {

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("grant-admin") || args[0].equals("revoke-admin"))) {
            System.exit(adminCommand(args));
        }
        try {
            SpringApplication.run(EsmApplication.class, args);
        } catch (Throwable failure) {
            // the context is closed by now (the embedded database stopped with it); threads that are not daemons
            // must not keep a failed server alive, so that a supervisor sees it exit and restarts it
            System.err.println("ESM could not start: " + rootMessage(failure));
            System.exit(1);
        }
    }

    /**
     * One line that says what went wrong: the message of the outermost exception that is not one of Spring's wrappers
     * (which name beans, not causes), else of the innermost one.
     */
    static String rootMessage(Throwable failure) {
        Throwable chosen = null;
        Throwable root = failure;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            String type = t.getClass().getName();
            boolean wrapper = type.startsWith("org.springframework.beans.")
                    || type.equals("org.springframework.context.ApplicationContextException");
            if (chosen == null && t.getMessage() != null && !wrapper) {
                chosen = t;
            }
        }
        Throwable shown = chosen == null ? root : chosen;
        String message = shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }

    private static int adminCommand(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: java -jar esm.jar " + args[0] + " EMAIL");
            return 2;
        }
        SpringApplication application = new SpringApplication(EsmApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(Map.of("esm.command", args[0], "logging.level.root", "WARN"));
        try (ConfigurableApplicationContext context = application.run()) {
            PlatformAdmins platformAdmins = context.getBean(PlatformAdmins.class);
            boolean done = args[0].equals("grant-admin")
                    ? platformAdmins.grantPlatformAdmin(args[1], "command-line")
                    : platformAdmins.revokePlatformAdmin(args[1], "command-line");
            System.out.println(done ? args[0] + ": done" : args[0] + ": no operator has that email");
            return done ? 0 : 1;
        }
    }
}
