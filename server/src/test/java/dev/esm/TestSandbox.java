package dev.esm;

import dev.esm.sandbox.walmart.WalmartSimulator;

/** The marketplace simulators shared by the integration tests' one server, started once per test JVM. */
public final class TestSandbox {

    private static WalmartSimulator walmart;

    private TestSandbox() {
    }

    public static synchronized WalmartSimulator walmart() {
        if (walmart == null) {
            walmart = new WalmartSimulator().setQuotasEnabled(false).start();
            Runtime.getRuntime().addShutdownHook(new Thread(walmart::close));
        }
        return walmart;
    }
}
