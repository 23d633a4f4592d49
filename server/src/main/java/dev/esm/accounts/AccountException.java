package dev.esm.accounts;

/** An expected refusal of an account change, with a message fit to show the operator. */
public class AccountException extends RuntimeException {

    private final String code;

    public AccountException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }

    static AccountException emailTaken() {
        return new AccountException("email-taken", "An account with this email already exists.");
    }

    static AccountException wrongPassword() {
        return new AccountException("wrong-password", "The current password is not right.");
    }
}
