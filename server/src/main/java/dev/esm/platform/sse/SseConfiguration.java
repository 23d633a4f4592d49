package dev.esm.platform.sse;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SseProperties.class)
class SseConfiguration {

    @Bean
    SseBroadcaster liveStreams(SseProperties properties) {
        return new SseBroadcaster(properties);
    }
}
