"""Safeguarding checker quality and speed on the labelled set (tests/data/safeguarding).

Prints recall, precision and F2 (recall weighs twice precision: a missed name costs more than
a false alarm) per language and per kind, false alarms on clean sentences, and the time to
check a 20,000-character story made of the labelled sentences (median of 20 runs).

Run: PYTHONPATH=. python bench/safeguarding.py [FILE.jsonl] [--json]
(tests/data/safeguarding/holdout.jsonl: sentences written after the checker was tuned, never
tuned against; measure it, do not fit it.)
"""

import json
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hub.blueprints.stories.safeguarding import find_identifying_details

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "data" / "safeguarding" / "labelled.jsonl"


def rows(path: Path = LABELLED) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def score(data: list[dict]) -> tuple[Counter, Counter]:
    """Counts per (language, kind): expected, found, flagged, correct; and clean-sentence stats
    per language: sentences and false flags."""
    stats: Counter = Counter()
    clean: Counter = Counter()
    for row in data:
        text, lang = row["text"], row["language"]
        got = find_identifying_details(text, lang)
        expected = []
        for e in row["flags"]:
            start = text.index(e["excerpt"])
            expected.append((e["kind"], start, start + len(e["excerpt"])))
        for kind, s, e in expected:
            stats[lang, kind, "expected"] += 1
            stats[lang, kind, "found"] += any(
                f.kind == kind and f.start < e and s < f.end for f in got)
        for f in got:
            stats[lang, f.kind, "flagged"] += 1
            stats[lang, f.kind, "correct"] += any(
                k == f.kind and s < f.end and f.start < e for k, s, e in expected)
        if not expected:
            clean[lang, "sentences"] += 1
            clean[lang, "false"] += len(got)
    return stats, clean


def figures(stats: Counter, keep) -> dict:
    """Recall, precision and F2 over the (language, kind) cells that `keep` accepts."""
    total = Counter()
    for (lang, kind, what), n in stats.items():
        if keep(lang, kind):
            total[what] += n
    recall = total["found"] / total["expected"] if total["expected"] else 1.0
    precision = total["correct"] / total["flagged"] if total["flagged"] else 1.0
    f2 = 5 * precision * recall / (4 * precision + recall) if precision + recall else 0.0
    return {"recall": recall, "precision": precision, "f2": f2,
            **{k: total[k] for k in ("expected", "found", "flagged", "correct")}}


def story(data: list[dict], size: int = 20_000) -> str:
    sentences = [r["text"] for r in data]
    random.Random(12).shuffle(sentences)
    text = " ".join(sentences * (size // sum(len(s) + 1 for s in sentences) + 1))
    return text[:size]


# The prose of bench/stories.py: few details to flag, as most stories are.
PLAIN = (
    "A young woman from a fishing community told our outreach team how she was recruited.",
    "Write to outreach.team@example.org for details about the programme.",
    "Some journalists still say child prostitution when they mean exploitation.",
    "The shelter follows survivors for two years after they leave.",
    "Hotel staff trained by the team alerted the hotline.",
    "Elders agreed to end the marriage of girls under eighteen.",
)


def plain_story(size: int = 20_000) -> str:
    return " ".join(random.Random(4).choices(PLAIN, k=size // 50))[:size]


def timing(text: str, runs: int = 20) -> float:
    find_identifying_details(text, "en")  # warm the caches
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        find_identifying_details(text, "en")
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    data = rows(Path(args[0]) if args else LABELLED)
    stats, clean = score(data)
    languages = sorted({r["language"] for r in data})
    kinds = sorted({k for _, k, _ in stats})
    report = {"languages": {}, "kinds": {}, "clean": {}}
    print(f"{len(data)} sentences")
    print(f"{'':16} {'recall':>7} {'precis.':>7} {'F2':>6}  found/expected correct/flagged")
    for lang in languages:
        f = figures(stats, lambda lg, _k, lang=lang: lg == lang)
        report["languages"][lang] = f
        print(f"{lang:16} {f['recall']:7.3f} {f['precision']:7.3f} {f['f2']:6.3f}  "
              f"{f['found']}/{f['expected']} {f['correct']}/{f['flagged']}  "
              f"false flags on clean: {clean[lang, 'false']}/{clean[lang, 'sentences']}")
        report["clean"][lang] = [clean[lang, "false"], clean[lang, "sentences"]]
    for kind in kinds:
        f = figures(stats, lambda _lg, k, kind=kind: k == kind)
        report["kinds"][kind] = f
        print(f"{kind:16} {f['recall']:7.3f} {f['precision']:7.3f} {f['f2']:6.3f}  "
              f"{f['found']}/{f['expected']} {f['correct']}/{f['flagged']}")
    f = figures(stats, lambda _lg, _k: True)
    report["all"] = f
    print(f"{'all':16} {f['recall']:7.3f} {f['precision']:7.3f} {f['f2']:6.3f}")
    for name, text in (("labelled sentences", story(data)), ("plain prose", plain_story())):
        ms = timing(text)
        report[f"ms_{name.replace(' ', '_')}"] = ms
        print(f"check of a {len(text):,}-character story ({name}): median {ms:.1f} ms")
    if "--json" in sys.argv:
        print(json.dumps(report))


if __name__ == "__main__":
    main()
