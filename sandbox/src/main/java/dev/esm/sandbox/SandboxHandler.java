package dev.esm.sandbox;

/** Answers one routed request. May throw {@link SandboxException} to answer with an error. */
@FunctionalInterface
public interface SandboxHandler {
    SandboxResponse handle(SandboxRequest request);
}
