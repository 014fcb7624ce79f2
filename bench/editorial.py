#!/usr/bin/env python3
"""The reply as a standards editor reads it, against our hand labels: key claims, their sources and kinds, the
lede, fragments, and what the sourcing verdict says.

Usage:
  python bench/editorial.py [--shared ../shared] [--old/--checkout PATH] [--backend offline|model] [--json OUT] [--verbose]

The labels (bench/labels/editorial.json, over the same 30 English pages of ../shared/bench as
bench/labels/entities.json) give for each article the claim the story is about (the lede) and 4-6 key claims,
each with its source entity (an id of the entity labels), kind and a verbatim snippet (`near`) of the page's
`newsbot read` text. Each system analyses every page in a child process (`--old PATH` adds a checkout of
another commit, e.g. a worktree of the code before the grammar, run on the same pages in the same run) and
dumps its analyses as JSON; the scoring runs here.

Scores (per system):
- key claims found: labelled key claims that a reply claim covers (the reply claim's quote span contains the
  location of the label's `near` snippet, or the quote contains the snippet);
- source right: of those, the share whose reply source names the labelled entity (equal to, or containing or
  contained in, its name or one of its non-pronoun mentions, case-insensitive);
- kind right: of those, the share whose reply kind is the labelled kind;
- fragments: reply claims that are not a whole statement (`is_fragment`: no finite verb with a subject, an
  opening that only continues a sentence or a leading conjunction, a subordinate clause alone, under 4 words,
  or a dangling last word);
- lede present: articles whose labelled lede is covered by a reply claim;
- entities listed twice: names in `sourcing.sources` beyond the first that name one labelled entity by one of its
  proper names (generic mentions such as "an expert" or "officials" name no one in particular); a name that is
  word for word one labelled entity's name or mention names that entity only ("The European Union's top court"
  is not the European Union again), a name that is only the possessor in an entity's names does not name it
  ("Russia" is not "Russia's Defense Ministry"), and a name names only the entities it names by the most words ("the
  TexAuto Facts report from InfoNation" names the report, not InfoNation);
- false corroborations: reply claims shown as corroborated (not in `single_source_claims`) whose supporting
  statements (attributions sharing 40% of the claim's content words) all belong to one labelled entity.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "bench" / "labels"
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "who", "which", "him", "her", "them", "his", "its", "their"}
_FINITE = {"VBD", "VBP", "VBZ", "MD"}
_FRAGMENT_OPENINGS = {"of", "to", "that", "and", "or", "him", "them", "me", "us"}
_CLAUSE_OPENINGS = {"how", "whether", "who", "which", "why", "whom"}
_DANGLING_END = {"ADP", "DET", "CCONJ"}
_WORD = re.compile(r"[A-Za-z0-9][\w’'-]{3,}")

# Run in a child process with PYTHONPATH set to the checkout under test: read every labelled page and analyse it.
_CHILD = r"""
import gzip, json, sys
from pathlib import Path
from bot.analysis import Analyzer
from bot.reading import Reader
from bot.reading.errors import ReadError
from bot.settings import Settings
shared, labels, backend = Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text("utf-8")), sys.argv[3]
settings = Settings.from_env(environ={}, env_file=None) if backend == "offline" else Settings.from_env()
reader, analyzer = Reader(settings), Analyzer(settings)
out = []
for page in labels["pages"]:
    body = gzip.decompress((shared / "bench" / page["set"] / "html" / page["file"]).read_bytes())
    try:
        article = reader.from_bytes(body, url=None, is_html=True)
    except ReadError as error:
        out.append({"file": page["file"], "error": str(error)})
        continue
    analysis = analyzer.analyze(article, offline=backend == "offline")
    out.append({"file": page["file"], "analysis": json.loads(analysis.model_dump_json())})
json.dump(out, sys.stdout)
"""


def run_system(checkout: Path, shared: Path, backend: str, labels: Path = LABELS / "editorial.json") -> dict[str, Any]:
    """Every page of `labels` read and analysed by the code of `checkout`, in a child process; its analyses as
    JSON (the old code has no parser, so everything that needs one is done here, on the dump)."""
    env = {k: v for k, v in os.environ.items() if backend == "model" or not k.startswith(("NEWSBOT_", "OPENAI_"))}
    env["PYTHONPATH"] = str(checkout)
    result = subprocess.run([sys.executable, "-c", _CHILD, str(shared), str(labels), backend],
                            capture_output=True, text=True, env=env, cwd=checkout, timeout=1800)
    if result.returncode != 0:
        raise SystemExit(f"{checkout}: {result.stderr[-2000:]}")
    return {row["file"]: row for row in json.loads(result.stdout)}


def names_of(entity: dict[str, Any]) -> list[str]:
    forms = [entity["name"], *(m["text"] for m in entity["mentions"])]
    return [f for f in forms if f and f.lower() not in _PRONOUNS]


def names_entity(source: str | None, entity: dict[str, Any], proper_only: bool = False) -> bool:
    """The source's words and one of the entity's names, word for word, one within the other. With
    `proper_only`, only names (a capitalised word after any article): "an expert" or "Officials" name no one."""
    if not source:
        return False
    mine = _norm(source)
    forms = [f for f in names_of(entity) if not proper_only or _proper(f)]
    return any(form and (_within(form, mine) or _within(mine, form)) for form in map(_norm, forms))


def _named_most(source: str, entities: Any) -> set[str]:
    """The entities a source names by the most words: "the TexAuto Facts report from InfoNation" names the
    report, not InfoNation, which only its modifier names."""
    mine = _norm(source)
    sizes = {e["id"]: max((min(len(f), len(mine)) for f in (_norm(form) for form in names_of(e) if _proper(form))
                           if f and (_within(f, mine) or _within(mine, f))), default=0) for e in entities}
    best = max(sizes.values(), default=0)
    return {k for k, n in sizes.items() if n == best and n > 0}


def _proper(form: str) -> bool:
    words = form.split()
    rest = words[1:] if words and words[0].lower() in ("the", "a", "an") else words
    return any(w[:1].isupper() for w in rest[1:]) or (len(rest) == 1 and rest[0][:1].isupper()
                                                         and not rest[0].lower().endswith("s"))


def _possessor_only(source: str, entity: dict[str, Any]) -> bool:
    """"Russia" names Russia, not "Russia's Defense Ministry", whose possessor it only is."""
    bare = re.sub(r"^(?:the|a|an)\s+", "", source.strip(), flags=re.IGNORECASE)
    owner = re.compile(r"(?:^|\s)(?:the\s+)?" + re.escape(bare) + r"(?:’s|'s)\s", re.IGNORECASE)
    forms = [f for f in names_of(entity) if _within(_norm(source), _norm(f))]
    return bool(forms) and all(owner.search(f) and _norm(f) != _norm(source) for f in forms)


def _within(short: list[str], full: list[str]) -> bool:
    return any(full[k:k + len(short)] == short for k in range(len(full) - len(short) + 1))


def _norm(text: str) -> list[str]:
    words = re.findall(r"[\w-]+", text.lower().replace("’s", "").replace("'s", ""))
    return words[1:] if words and words[0] in ("the", "a", "an") else words


def covers(claim: dict[str, Any], text: str, near: str) -> bool:
    at = text.find(near)
    start, end = claim.get("quote_start"), claim.get("quote_end")
    if at >= 0 and start is not None and end is not None and start <= at + len(near) // 2 < end:
        return True
    return bool(near) and near in (claim.get("quote") or "")


def is_fragment(claim_text: str, article_text: str = "") -> bool:
    """Not a whole statement: under four words; no finite verb with a subject; opening like a piece of a
    sentence ("of", "to", "that" but not the demonstrative "That movie ...", "and", an object pronoun, or
    "how"/"whether"/"who" without a question mark)
    or with a coordinating conjunction; a subordinate clause alone (its main verb has a "because"/"that"/"if");
    or ending on a preposition, article or conjunction. A claim that is word for word one of the article's own
    sentences or whole quotations ("... who Lacerda said Epstein “was in love with.”"), or its headline shown as
    the headline, is not cut from anything, whatever the parse makes of it, and is no fragment."""
    from bot.language import parse

    if len(claim_text.split()) < 4:
        return True
    if article_text and _whole_sentence(claim_text, article_text):
        return False
    parsed = parse(claim_text)
    tokens = [t for t in parsed.tokens if t.pos != "PUNCT"]
    def finite(t: Any) -> bool:
        return t.tag in _FINITE or any(parsed.tokens[c].dep in ("aux", "auxpass") and parsed.tokens[c].tag in _FINITE
                                       for c in parsed.children(t.i))

    finite = [t for t in tokens if finite(t) and any(
        parsed.tokens[c].dep in ("nsubj", "nsubjpass", "expl", "csubj") for c in parsed.children(t.i))]
    if not tokens or not finite:
        return True
    first = tokens[0]
    if first.lower in _FRAGMENT_OPENINGS and first.tag != "DT" or (first.lower in _CLAUSE_OPENINGS and not claim_text.rstrip(
            "”\"' ").endswith("?")):
        return True
    roots = [t for t in tokens if t.dep == "ROOT"]
    if first.dep == "cc" or any(parsed.tokens[c].dep == "mark" for r in roots for c in parsed.children(r.i)):
        return True  # "But the council said...", or a subordinate clause alone ("Because the plant shut down.")
    return tokens[-1].pos in _DANGLING_END


def _whole_sentence(claim_text: str, text: str) -> bool:
    """The claim as the article writes it, from a sentence's (or quotation's) start to its end."""
    body = claim_text.rstrip(".!?”\"'’ ")
    if len(body) < 2:
        return False
    for variant in {body, body[0].lower() + body[1:]}:
        at = text.find(variant)
        while at >= 0:
            before = text[:at].rstrip(" “\"‘'")
            after = text[at + len(variant):].lstrip("”\"'’")
            if (not before or before[-1] in ".!?:\n”\"") and (not after or after[0] in ".!?,\n"):
                return True
            at = text.find(variant, at + 1)
    return False


def score(system: dict[str, Any], labels: dict[str, Any], entities: dict[str, Any],
          verbose: bool = False) -> dict[str, Any]:
    counts = {"pages": 0, "unread": 0, "key_claims": 0, "found": 0, "source_right": 0, "kind_right": 0,
              "reply_claims": 0, "fragments": 0, "ledes": 0, "lede_present": 0, "listed_twice": 0,
              "corroborated": 0, "false_corroborations": 0}
    for page in labels["pages"]:
        row = system.get(page["file"])
        counts["pages"] += 1
        page_entities = {e["id"]: e for e in entities[page["file"]]["entities"]}
        if row is None or "analysis" not in row:
            counts["unread"] += 1
            counts["key_claims"] += len(page["key_claims"])
            counts["ledes"] += 1
            continue
        analysis = row["analysis"]
        text, claims = analysis["article"]["text"], analysis["claims"]
        for gold in page["key_claims"]:
            counts["key_claims"] += 1
            hit = next((c for c in claims if covers(c, text, gold["near"])), None)
            if hit is None:
                continue
            counts["found"] += 1
            entity = page_entities.get(gold["source"])
            right = entity is not None and names_entity(hit.get("source"), entity) or (
                gold["kind"] == "unattributed" and not hit.get("source"))
            counts["source_right"] += right
            counts["kind_right"] += hit.get("source_type") == gold["kind"]
            if verbose and not right:
                print(f"  {page['file']}: source {hit.get('source')!r} for {entity['name'] if entity else gold['source']!r}")
            if verbose and hit.get("source_type") != gold["kind"]:
                print(f"  {page['file']}: kind {hit.get('source_type')!r} for {hit.get('source')!r}, labelled {gold['kind']!r}")
        counts["ledes"] += 1
        lede_present = any(covers(c, text, page["lede"]["near"]) for c in claims)
        counts["lede_present"] += lede_present
        if verbose and not lede_present:
            print(f"  {page['file']}: lede missing {page['lede']['near'][:80]!r}")
        counts["reply_claims"] += len(claims)
        own_words = f"{analysis['article'].get('title') or ''}\n\n{text}"  # the headline is the outlet's too
        fragments = [c["claim"] for c in claims if is_fragment(c["claim"], own_words)]
        counts["fragments"] += len(fragments)
        if verbose:
            for fragment in fragments:
                print(f"  {page['file']}: fragment {fragment[:90]!r}")
        sources = analysis["sourcing"]["sources"]
        exact = {s: {e["id"] for e in page_entities.values() if _norm(s) in map(_norm, names_of(e))} for s in sources}
        named = {s: _named_most(s, page_entities.values()) for s in sources}
        for entity in page_entities.values():
            naming = [s for s in sources if names_entity(s, entity, proper_only=True)
                      and (not exact[s] or entity["id"] in exact[s]) and entity["id"] in named[s]
                      and not _possessor_only(s, entity)]
            counts["listed_twice"] += max(0, len(naming) - 1)
            if verbose and len(naming) > 1:
                print(f"  {page['file']}: listed twice {naming}")
        single = set(analysis["sourcing"]["single_source_claims"])
        for number, claim in enumerate(claims, 1):
            if number in single or not claim.get("source"):
                continue
            counts["corroborated"] += 1
            words = {w.lower() for w in _WORD.findall(claim["claim"])}
            support = [a for a in analysis["attributions"] if a.get("source") and words and
                       len(words & {w.lower() for w in _WORD.findall(a["content"])}) >= 0.4 * len(words)]
            owners = {next((e["id"] for e in page_entities.values() if names_entity(a["source"], e, True)),
                           a["source"]) for a in support}
            counts["false_corroborations"] += len(owners) <= 1
            if verbose and len(owners) <= 1:
                print(f"  {page['file']}: corroboration claimed for {claim['claim'][:70]!r} by "
                      f"{sorted({a['source'] for a in support})}")
    return counts


def rates(c: dict[str, Any]) -> dict[str, float]:
    found = max(1, c["found"])
    return {"found": c["found"] / max(1, c["key_claims"]), "source_right": c["source_right"] / found,
            "kind_right": c["kind_right"] / found, "fragments": c["fragments"] / max(1, c["reply_claims"]),
            "lede_present": c["lede_present"] / max(1, c["ledes"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--old", "--checkout", dest="old", type=Path,
                        help="another checkout to score in the same run (e.g. the pre-grammar code)")
    parser.add_argument("--backend", choices=("offline", "model"), default="offline")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--verbose", action="store_true", help="print each wrong source and each fragment")
    args = parser.parse_args()
    labels = json.loads((LABELS / "editorial.json").read_text(encoding="utf-8"))
    entities = {p["file"]: p for p in json.loads((LABELS / "entities.json").read_text(encoding="utf-8"))["pages"]}
    checkouts = {"this checkout": ROOT}
    if args.old:
        checkouts = {f"old ({args.old.name})": args.old.resolve(), **checkouts}
    report = {}
    for name, checkout in checkouts.items():
        if args.verbose:
            print(f"## {name}")
        counts = score(run_system(checkout, args.shared, args.backend), labels, entities, args.verbose)
        report[name] = {**counts, "rates": rates(counts)}
    print(f"### Editorial bench ({len(labels['pages'])} pages, {report[next(iter(report))]['key_claims']} key claims; "
          f"{args.backend} backend)")
    print("| system | key claims found | source right | kind right | fragment claims | lede present | "
          "entities listed twice | false corroborations |")
    print("|---|---|---|---|---|---|---|---|")
    for name, r in report.items():
        rate = r["rates"]
        print(f"| {name} | {r['found']}/{r['key_claims']} ({rate['found']:.0%}) | {rate['source_right']:.0%} | "
              f"{rate['kind_right']:.0%} | {r['fragments']}/{r['reply_claims']} ({rate['fragments']:.0%}) | "
              f"{r['lede_present']}/{r['ledes']} | {r['listed_twice']} | "
              f"{r['false_corroborations']}/{r['corroborated']} |")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
