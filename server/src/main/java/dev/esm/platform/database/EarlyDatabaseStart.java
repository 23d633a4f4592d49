package dev.esm.platform.database;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Starts the embedded PostgreSQL and runs the migrations on a thread of their own as soon as the context's refresh
 * begins, while Spring parses the configuration and creates the beans that do not need the database on the main thread
 * (ADR 26). The {@code embeddedDatabase} bean of {@link DatabaseConfiguration} then waits for it instead of starting
 * it; a failure of the start or of a migration is thrown there, as it was when the bean did the work itself.
 * <p>
 * Only with the embedded database ({@code esm.database.url} blank); and only when the settings the bean sees are
 * the ones bound here (else the early database is stopped and the bean starts its own). A database started here and
 * never taken (the context failed first) is stopped when the context's beans are destroyed.
 */
public final class EarlyDatabaseStart implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String BEAN = "esm.earlyDatabaseStart";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        // at the start of the refresh, not now: the tests' and other initializers' property sources are in place then
        context.addBeanFactoryPostProcessor(new Starter(context.getEnvironment()));
    }

    private record Starter(ConfigurableEnvironment environment)
            implements BeanDefinitionRegistryPostProcessor, PriorityOrdered {

        @Override
        public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
            if (!(registry instanceof DefaultListableBeanFactory factory) || factory.containsSingleton(BEAN)) {
                return;
            }
            DatabaseProperties properties;
            try {
                properties = Binder.get(environment).bindOrCreate("esm.database", DatabaseProperties.class);
            } catch (RuntimeException invalid) {
                return; // the configuration properties bean reports it, as without the early start
            }
            if (!properties.embedded()) {
                return;
            }
            Started started = Started.begin(properties);
            factory.registerSingleton(BEAN, started);
            factory.registerDisposableBean(BEAN, started);
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            // nothing: the work begins in postProcessBeanDefinitionRegistry, the earliest point of the refresh
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    /** The embedded database being started and migrated on the thread {@code esm-database-start}. */
    static final class Started implements DisposableBean {

        private final DatabaseProperties properties;
        private final CompletableFuture<EmbeddedDatabase> database = new CompletableFuture<>();
        private boolean taken;

        private Started(DatabaseProperties properties) {
            this.properties = properties;
        }

        static Started begin(DatabaseProperties properties) {
            Started started = new Started(properties);
            Thread thread = new Thread(started::startAndMigrate, "esm-database-start");
            thread.setDaemon(true);
            thread.start();
            return started;
        }

        private void startAndMigrate() {
            try {
                EmbeddedDatabase embedded = EmbeddedDatabase.start(properties.dataDir(), properties.appUser());
                try {
                    DatabaseConfiguration.migrate(DatabaseConfiguration.target(properties, embedded));
                } catch (RuntimeException | Error e) {
                    embedded.close();
                    throw e;
                }
                database.complete(embedded);
            } catch (Throwable failure) {
                database.completeExceptionally(failure);
            }
        }

        /**
         * The database, started and migrated, once it is; null when the bean's settings are not those it was started
         * with (it is stopped then). Throws what the start or the migrations threw.
         */
        EmbeddedDatabase take(DatabaseProperties current) {
            synchronized (this) {
                taken = true;
            }
            EmbeddedDatabase embedded;
            try {
                embedded = database.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException(cause.getMessage(), cause);
            }
            if (!Objects.equals(current, properties)) {
                embedded.close();
                return null;
            }
            return embedded;
        }

        @Override
        public void destroy() {
            synchronized (this) {
                if (taken) {
                    return; // the embeddedDatabase bean owns it
                }
                taken = true;
            }
            try {
                database.join().close();
            } catch (CompletionException failed) {
                // it did not start; nothing to stop
            }
        }
    }
}
