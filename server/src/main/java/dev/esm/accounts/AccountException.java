package dev.esm.accounts;

import dev.esm.platform.web.ProblemException;

/** An expected refusal of an account change (400), with a message fit to show the operator. */
public class AccountException extends ProblemException {

    public AccountException(String code, String message) {
        super(Kind.INVALID, code, message);
    }

    static AccountException emailTaken() {
        return new AccountException("email-taken", "An account with this email already exists.");
    }

    static AccountException wrongPassword() {
        return new AccountException("wrong-password", "The current password is not right.");
    }
}
