package org.paperboy.ingest.arxiv;

/**
 * An {@code <error code="…">} of an OAI-PMH response (OAI-PMH 2.0 §3.6): the request could not be answered with
 * records, and the code says what the harvester should do about it.
 */
public record OaiError(Code code, String message) {

    public enum Code {
        /** Nothing changed in the range asked for: an empty harvest, not a failure. */
        NO_RECORDS_MATCH("noRecordsMatch"),
        /** The token expired (arXiv's expire at 00:00 UTC) or is wrong: restart from the last {@code from} day. */
        BAD_RESUMPTION_TOKEN("badResumptionToken"),
        BAD_ARGUMENT("badArgument"),
        BAD_VERB("badVerb"),
        ID_DOES_NOT_EXIST("idDoesNotExist"),
        CANNOT_DISSEMINATE_FORMAT("cannotDisseminateFormat"),
        NO_METADATA_FORMATS("noMetadataFormats"),
        NO_SET_HIERARCHY("noSetHierarchy"),
        /** A code OAI-PMH does not define. */
        UNKNOWN("");

        private final String name;

        Code(String name) {
            this.name = name;
        }

        /** The code as the protocol writes it. */
        public String protocolName() {
            return name;
        }

        static Code of(String protocolName) {
            for (Code code : values()) {
                if (code != UNKNOWN && code.name.equals(protocolName)) {
                    return code;
                }
            }
            return UNKNOWN;
        }
    }
}
