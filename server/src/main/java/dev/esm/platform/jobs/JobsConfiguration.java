package dev.esm.platform.jobs;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobsProperties.class)
class JobsConfiguration {

    @Bean
    Jobs jobs(JdbcClient jdbc, TransactionTemplate transactions, ObjectProvider<JobHandler> handlers,
              JobsProperties properties) {
        return new Jobs(jdbc, transactions, () -> handlers.orderedStream().toList(), properties, Jobs.nodeName());
    }
}
