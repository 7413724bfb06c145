package org.paperboy.ingest.arxiv;

/**
 * A record of an OAI-PMH response that was skipped, and why; the response's other records are read all the same.
 *
 * @param identifier the record's OAI identifier ({@code oai:arXiv.org:…}), or null when it had none
 */
public record RecordProblem(String identifier, String reason) {}
