package org.paperboy.search;

import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/** The analysis of each indexed field: English stemming for prose, accent-folding without stemming for names. */
final class Analyzers {

    private Analyzers() {}

    /** Title, abstract and their combination: standard tokens, English stop words, Porter stemming. */
    static Analyzer prose() {
        return new EnglishAnalyzer();
    }

    /**
     * Author names, and the unstemmed vocabulary spelling correction draws on: "Balázs" and "Balazs" match; no
     * stemming, no stop words ("Van", "De" are names).
     */
    static Analyzer names() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                StandardTokenizer tokenizer = new StandardTokenizer();
                TokenStream stream = new ASCIIFoldingFilter(new LowerCaseFilter(tokenizer));
                return new TokenStreamComponents(tokenizer, stream);
            }

            /** A word as these fields hold it (spelling correction looks words up so): lower-cased, accents folded. */
            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return new ASCIIFoldingFilter(new LowerCaseFilter(in));
            }

            @Override
            public int getPositionIncrementGap(String fieldName) {
                // A phrase must not run from one author's surname into the next author's given name.
                return 100;
            }
        };
    }

    static Analyzer perField() {
        Analyzer names = names();
        return new PerFieldAnalyzerWrapper(prose(), Map.of(IndexDocuments.AUTHORS, names, IndexDocuments.WORDS, names));
    }
}
