import difflib, pathlib, re, sys
HERE = pathlib.Path(__file__).parent
fx = HERE / "../../tests/fixtures/formats"
def toks(t):
    t = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", t)  # undo line-end hyphenation
    return re.findall(r"[\wåäöÅÄÖ]+", t.lower())
cases = [("lakeshire-smart-specialisation", "lakeshire-smart-specialisation.txt"),
         ("vasterdal-innovationsstrategi.sv", "vasterdal-innovationsstrategi.sv.txt"),
         ("writer-lakeshire-smart-specialisation", "lakeshire-smart-specialisation.txt")]
# recall: share of the text's words extracted; order: share in the text's order (longest common
# subsequence); blank: blank lines separating blocks; lone-bullet: bullet glyphs cut from their item.
print(f"{'extractor':12} {'pdf':38} {'recall':>6} {'order':>6} {'hyph-kept':>9} {'blank':>5} {'lone-bullet':>11}")
for ex in ["pdf-extract", "lopdf", "pdf_oxide"]:
    for name, gt in cases:
        f = HERE / "out" / ex / f"{name}.txt"
        if not f.exists():
            print(ex, name, "missing"); continue
        raw = f.read_text()
        g = toks((fx / gt).read_text()); e = toks(raw)
        sm = difflib.SequenceMatcher(None, g, e, autojunk=False)
        matched = sum(b.size for b in sm.get_matching_blocks())
        recall = sum(min(g.count(w), e.count(w)) for w in set(g)) / len(g)
        pages = raw.split("\f")
        lines = sum(len([l for l in p.splitlines() if l.strip()]) for p in pages) / len(pages)
        hyph = len(re.findall(r"\w-\n", raw))
        blank = sum(1 for p in pages for a, b in zip(p.splitlines(), p.splitlines()[1:]) if a.strip() and not b.strip())
        lone = len(re.findall(r"^\s*•\s*$", raw, re.M))
        print(f"{ex:12} {name:38} {recall:6.3f} {matched/len(g):6.3f} {hyph:9} {blank:5} {lone:11}")
