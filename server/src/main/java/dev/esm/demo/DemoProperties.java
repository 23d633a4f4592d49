package dev.esm.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** @param password the demo operator's password ({@code ESM_DEMO_PASSWORD}); blank: generated and printed once */
@ConfigurationProperties("esm.demo")
record DemoProperties(String password) {
}
