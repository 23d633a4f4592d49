package dev.esm.sandbox.easypost;

import java.time.LocalDate;
import java.util.List;

/** What a 4x6 USPS label shows: everything comes from the bought shipment. */
record LabelData(UspsRates.Service service, List<String> fromLines, List<String> toLines, String toZip5,
                 String trackingCode, String rate, LocalDate shipDate, double weightOz, int zone, String reference) {
}
