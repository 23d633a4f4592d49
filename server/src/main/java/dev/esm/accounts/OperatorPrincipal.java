package dev.esm.accounts;

import java.io.Serial;
import java.io.Serializable;
import java.util.UUID;

import org.springframework.security.core.AuthenticatedPrincipal;

import dev.esm.platform.ActingOperator;

/** The signed-in operator, kept in the session. Its name is the operator id, never the email. */
public record OperatorPrincipal(UUID operatorId, String email, String name, boolean platformAdmin)
        implements ActingOperator.Identity, AuthenticatedPrincipal, Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public static OperatorPrincipal of(Operator operator) {
        return new OperatorPrincipal(operator.id(), operator.email(), operator.name(), operator.platformAdmin());
    }

    @Override
    public String getName() {
        return operatorId.toString();
    }

    @Override
    public String toString() {
        return "OperatorPrincipal[" + operatorId + "]";
    }
}
