package dev.esm;

import dev.esm.sandbox.amazon.AmazonSimulator;
import dev.esm.sandbox.walmart.WalmartSimulator;

/** The marketplace simulators shared by the integration tests' one server, started once per test JVM. */
public final class TestSandbox {

    private static WalmartSimulator walmart;
    private static AmazonSimulator amazon;

    private TestSandbox() {
    }

    public static synchronized WalmartSimulator walmart() {
        if (walmart == null) {
            walmart = new WalmartSimulator().setQuotasEnabled(false).start();
            Runtime.getRuntime().addShutdownHook(new Thread(walmart::close));
        }
        return walmart;
    }

    /** Amazon SP-API, LWA and the consent page; the app's client id and secret are {@code amazon().app()}. */
    public static synchronized AmazonSimulator amazon() {
        if (amazon == null) {
            amazon = new AmazonSimulator().setQuotasEnabled(false).start();
            Runtime.getRuntime().addShutdownHook(new Thread(amazon::close));
        }
        return amazon;
    }
}
