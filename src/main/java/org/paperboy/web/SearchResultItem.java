package org.paperboy.web;

import org.paperboy.catalog.Paper;
import org.paperboy.search.SearchHit;

/** One search result with its catalog record and upvote count, as the search page and API show it. */
public record SearchResultItem(Paper paper, SearchHit hit, int upvotes) {}
