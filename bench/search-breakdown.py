#!/usr/bin/env python3
"""Where a search's CPU goes: the CPU-time samples of a JFR recording (bench/search-profile.sh makes one), each put in
the search phase found nearest its leaf on its stack, with what it was doing there (stored fields, the sentence
BreakIterator, SQL...), as per cent of all samples. Samples are of Java threads only: the thread groups that
bench/search-profile.sh prints say how much went to threads JFR cannot see (ONNX Runtime's pool, JIT, GC).
usage: bench/search-breakdown.py FILE.jfr [--drill PHASE] [-v]
  --drill PHASE   the calls made from that phase and the hottest leaves in it
  -v              the frames near the leaf of samples in no phase"""
import collections, json, os, re, subprocess, sys
if len(sys.argv) < 2 or sys.argv[1].startswith('-'):
    sys.exit(__doc__)
jfr = sys.argv[1]; event = 'jdk.CPUTimeSample'
tool = os.path.join(os.environ['JAVA_HOME'], 'bin', 'jfr') if os.environ.get('JAVA_HOME') else 'jfr'
out = subprocess.run([tool, 'print', '--json', '--stack-depth', '200',
                      '--events', event, jfr], capture_output=True, text=True, check=True).stdout
events = json.loads(out)['recording']['events']
# (phase name, pattern on "class.method"), searched from the leaf down: the first match is the phase.
PHASES = [
    ('spelling correction', r'search\.SpellingCorrection\.'),
    ('acronym expansion', r'search\.AcronymExpansion\.'),
    ('query embedding', r'org\.paperboy\.embed\.|ai\.onnxruntime|langchain4j|Search\.queryVector'),
    ('author name match', r'search\.AuthorNameMatch\.'),
    ('exact title', r'search\.ExactTitle\.'),
    ('pasted identifier / pins', r'search\.PinnedPapers\.|search\.PastedIdentifier\.'),
    ('HNSW kNN', r'search\.Ranker\.semantic'),
    ('BM25 keyword', r'search\.Ranker\.keyword'),
    ('fusion', r'search\.Ranker\.fuse|search\.Fusion'),
    ('ranking other', r'search\.Ranker\.'),
    ('highlight + ids', r'search\.SearchHits\.'),
    ('query parse', r'search\.UserQuery\.'),
    ('filters/queries', r'search\.KeywordQueries\.'),
    ('search other', r'search\.LuceneSearchIndex\.search|search\.Search\.search'),
    ('catalog reads per hit', r'web\.SearchPages\.resolve|catalog\.Catalog\.'),
    ('comment counts', r'community\.Comments\.'),
    ('JSON', r'jackson|Context\.json|JavalinJackson'),
    ('search page template', r'gg\.jte|web\.Pages\.render'),
    ('web other', r'web\.SearchPages\.'),
    ('Jetty/HTTP', r'org\.eclipse\.jetty|io\.javalin'),
]
SUBS = [
    ('sentence BreakIterator', r'BreakIterator'),
    ('stored fields', r'StoredFields|LZ4|storedFields|Lucene90CompressingStoredFields'),
    ('DirectSpellChecker', r'DirectSpellChecker|LevenshteinAutomata|FuzzyTermsEnum|automaton'),
    ('count/phrase queries', r'IndexSearcher\.count'),
    ('tokenizer', r'Tokenizer|TokenStream|tokenStream'),
    ('SQL', r'sqlite|jdbc|JDBC'),
]
phase_count = collections.Counter(); sub_count = collections.Counter(); total = 0; leafs = collections.Counter()
for e in events:
    frames = [f"{fr['method']['type']['name'].replace('/', '.')}.{fr['method']['name']}" for fr in e['values']['stackTrace']['frames']]
    total += 1
    phase = 'other (JVM, idle loops)'; at = len(frames)
    for i, f in enumerate(frames):
        hit = next((name for name, p in PHASES if re.search(p, f)), None)
        if hit:
            phase, at = hit, i; break
    phase_count[phase] += 1
    sub = next((name for i, f in enumerate(frames[:at]) for name, p in SUBS if re.search(p, f)), None)
    if sub: sub_count[(phase, sub)] += 1
    if phase.startswith('other') and frames: leafs[frames[min(3, len(frames)-1)]] += 1
print(f'{total} samples ({event})')
for phase, n in phase_count.most_common():
    print(f'  {phase:28s} {100*n/total:5.1f}%')
    for (p, s), m in sorted(sub_count.items(), key=lambda x: -x[1]):
        if p == phase: print(f'      {s:24s} {100*m/total:5.1f}%')
if '-v' in sys.argv:
    for f, n in leafs.most_common(15): print('   other:', f, n)
# --drill PHASE: the most common callees (frames 1-3 above the phase frame) and leaves within that phase
drill = next((sys.argv[i+1] for i, a in enumerate(sys.argv) if a == '--drill'), None)
if drill:
    callees = collections.Counter(); leaves = collections.Counter(); n = 0
    for e in events:
        frames = [f"{fr['method']['type']['name'].replace('/', '.')}.{fr['method']['name']}:{fr.get('lineNumber')}" for fr in e['values']['stackTrace']['frames']]
        for i, f in enumerate(frames):
            hit = next((name for name, p in PHASES if re.search(p, f)), None)
            if hit:
                if hit == drill:
                    n += 1
                    for d in (1, 2, 3, 4):
                        if i - d >= 0: callees[(d, frames[i - d])] += 1
                    leaves[frames[0]] += 1
                break
    print(f'--- {drill}: {n} samples; callees by depth')
    for (d, f), m in sorted(callees.items(), key=lambda x: (x[0][0], -x[1])):
        if m * 20 >= n: print(f'  d{d} {100*m/n:5.1f}% {f}')
    print('  leaves:')
    for f, m in leaves.most_common(12): print(f'     {100*m/n:5.1f}% {f}')
