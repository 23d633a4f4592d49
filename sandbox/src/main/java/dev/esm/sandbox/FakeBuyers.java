package dev.esm.sandbox;

import java.util.SplittableRandom;

/** Draws invented buyers from a random stream. Shared by every marketplace simulator. */
public final class FakeBuyers {

    private static final String[] FIRST = {
        "Avery", "Jordan", "Casey", "Morgan", "Riley", "Taylor", "Jamie", "Quinn", "Harper", "Rowan",
        "Elliot", "Sage", "Dakota", "Reese", "Parker", "Emerson", "Finley", "Hayden", "Kendall", "Logan",
    };

    private static final String[] LAST = {
        "Sample", "Example", "Tester", "Placeholder", "Demo", "Mockridge", "Fakeley", "Sandoval",
        "Testwell", "Dummett", "Prototype", "Specimen", "Trialson", "Pilotti", "Draftman", "Stubbs",
    };

    private static final String[] STREETS = {
        "Maple", "Oak", "Cedar", "Pine", "Elm", "Willow", "Birch", "Lakeview", "Hillcrest", "Sunset",
        "Meadow", "River", "Park", "Chestnut", "Spruce", "Highland",
    };

    private static final String[] SUFFIXES = {"St", "Ave", "Rd", "Ln", "Dr", "Ct", "Way", "Blvd"};

    /** City, state, ZIP and a matching area code. */
    private static final String[][] PLACES = {
        {"Springfield", "IL", "62701", "217"},
        {"Austin", "TX", "78701", "512"},
        {"Denver", "CO", "80202", "303"},
        {"Portland", "OR", "97204", "503"},
        {"Columbus", "OH", "43215", "614"},
        {"Raleigh", "NC", "27601", "919"},
        {"Madison", "WI", "53703", "608"},
        {"Boise", "ID", "83702", "208"},
        {"Tucson", "AZ", "85701", "520"},
        {"Albany", "NY", "12207", "518"},
        {"Richmond", "VA", "23219", "804"},
        {"Omaha", "NE", "68102", "402"},
        {"Sacramento", "CA", "95814", "916"},
        {"Nashville", "TN", "37203", "615"},
        {"Salt Lake City", "UT", "84101", "801"},
        {"Des Moines", "IA", "50309", "515"},
    };

    private FakeBuyers() {
    }

    public static FakeBuyer next(SplittableRandom r) {
        String first = FIRST[r.nextInt(FIRST.length)];
        String last = LAST[r.nextInt(LAST.length)];
        String street = (100 + r.nextInt(9800)) + " " + STREETS[r.nextInt(STREETS.length)] + " "
                + SUFFIXES[r.nextInt(SUFFIXES.length)];
        int unitDraw = r.nextInt(10);
        String address2 = unitDraw < 2 ? "Apt " + (1 + r.nextInt(30)) + (char) ('A' + r.nextInt(4))
                : unitDraw == 2 ? "Unit " + (1 + r.nextInt(200)) : null;
        String[] place = PLACES[r.nextInt(PLACES.length)];
        String phone = place[3] + "55501" + String.format("%02d", r.nextInt(100));
        boolean commercial = r.nextInt(10) == 0;
        return new FakeBuyer(first, last, street, address2, place[0], place[1], place[2], "US", phone, commercial);
    }
}
