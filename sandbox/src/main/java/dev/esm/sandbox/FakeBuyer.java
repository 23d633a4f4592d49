package dev.esm.sandbox;

/**
 * An invented buyer and ship-to address. Names come from short lists, cities/states/ZIPs from a small consistent
 * list, and phone numbers only from the fictional 555-0100..555-0199 range (10 digits, e.g. {@code 5125550147}).
 */
public record FakeBuyer(String firstName, String lastName, String address1, String address2, String city,
                        String state, String postalCode, String countryCode, String phone, boolean commercial) {

    public String fullName() {
        return firstName + " " + lastName;
    }
}
