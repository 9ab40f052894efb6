"""Service types three ways — the keyword rules alone, the semantic head alone, and the two combined — on the
labelled intake sets: exact-set accuracy, micro-F1 and per-type precision/recall.

On the sets the head was trained on (intake_sets.TRAINING_SETS) its probabilities are out-of-fold: refitted with the
stored C on the other folds (the same 5 fixed folds as training), so those rows are the cross-validated estimate, not
the head reading its own training texts. A development set the head was not trained on (real6, real7, real8) is read
by the stored head. The held-out real set (intake_sets.HELDOUT_SET; real7 and real8 were each read once as held out
and are development sets since, issue 27) is read only with --heldout or --only-heldout (the final figure, read
once), by the stored head, its real texts scored by language too; --errors never prints held-out texts.
Usage: .venv/bin/python benchmarks/intake_service_types.py [--model e5] [--home DIR] [--heldout] [--errors]
       [--json benchmarks/results/intake_service_types.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from intake_sets import DEVELOPMENT_SETS, HELDOUT_SET, TRAINING_SETS, load_set  # noqa: E402

from intake.extract import clean_text  # noqa: E402
from intake.extract.service_types import extract_service_types, firm_service_types  # noqa: E402
from intake.quality import per_label_metrics, set_metrics  # noqa: E402
from intake.semantic import TYPES, ServiceTypeHead, head_only, head_path  # noqa: E402
from intake.semantic_train import Example as TrainExample  # noqa: E402
from intake.semantic_train import _oof_proba, _targets  # noqa: E402
from kb.vocab import ServiceType  # noqa: E402

VARIANTS = ("rules", "head", "combined")


def score(got: list[list[ServiceType]], want: list[set[ServiceType]]) -> dict[str, Any]:
    """intake.quality's set metrics, rounded, with the per-type table in the order of the type list."""
    pairs = list(zip(got, want, strict=True))
    m = set_metrics(pairs)
    per = per_label_metrics(pairs)
    types = {st.value: {"support": int(per[st]["support"]),
                        **{k: round(per[st][k], 3) for k in ("precision", "recall", "f1")}}
             for st in TYPES if st in per}
    return {"n": len(want), **{k: round(m[k], 3) for k in ("exact", "micro_f1", "precision", "recall")},
            "per_type": types}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="e5")
    parser.add_argument("--home", type=Path, default=None)
    parser.add_argument("--heldout", action="store_true",
                        help="also score the held-out real set (intake_sets.HELDOUT_SET)")
    parser.add_argument("--only-heldout", action="store_true", help="score the held-out set alone")
    parser.add_argument("--head", type=Path, default=None,
                        help="a head file to read with (default: the committed head for the model)")
    parser.add_argument("--errors", action="store_true", help="print the combined reading's errors (dev sets only)")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=None,
                        help="an .npz of vectors (intake_service_loso.py's), to skip embedding (the per-text time "
                             "printed is then the cache's)")
    args = parser.parse_args(argv)
    if (args.heldout or args.only_heldout) and HELDOUT_SET is None:
        parser.error("there is no held-out set now (intake_sets.HELDOUT_SET): label a new one from an unread source "
                     "and commit it before anything runs on it")
    from core.settings import Settings
    from matcher.embedding.models import load_embedder

    embedder = load_embedder(args.model, home=args.home or Settings().home)
    head = ServiceTypeHead.load(args.head or head_path(embedder.model_id))

    def embed(texts: list[str]) -> np.ndarray:
        if args.cache is None:
            return np.asarray(embedder.encode_query(texts))
        from intake_service_loso import embed_all

        return embed_all(texts, embedder, args.cache)

    heldout = [HELDOUT_SET] if HELDOUT_SET is not None else []
    sets = heldout if args.only_heldout else list(DEVELOPMENT_SETS) + (heldout if args.heldout else [])
    report: dict[str, Any] = {"model": embedder.model_id, "head": str(args.head or head_path(embedder.model_id)),
                              "trained_on": head.meta.get("trained_on"), "add": head.add, "veto": head.veto,
                              "own": {st.value: list(v) for st, v in head.own.items()},
                              "nothing_at": head.nothing_at, "sets": {}}
    # Out-of-fold probabilities for the training texts, in the order train_service_head.py reads them.
    training = [it for name in TRAINING_SETS for it in load_set(name)] if set(sets) & set(TRAINING_SETS) else []
    examples = [TrainExample(text=clean_text(it["text"]), types=frozenset(ServiceType(t) for t in
                                                                          it["expected"]["service_types"]),
                             rule_types=()) for it in training]
    oof_by_id: dict[str, np.ndarray] = {}
    if examples:
        x_train = embed([ex.text for ex in examples])
        oof = _oof_proba(x_train, _targets(examples), float(head.meta["C"]))  # type: ignore[arg-type]
        oof_by_id = {it["id"]: oof[i] for i, it in enumerate(training)}
    for name in sets:
        items = load_set(name)
        bodies = [clean_text(it["text"]) for it in items]
        want = [{ServiceType(t) for t in it["expected"]["service_types"]} for it in items]
        start = time.perf_counter()
        x = embed(bodies)
        proba, nothing = head.proba(x), head.proba_nothing(x)
        ms = (time.perf_counter() - start) * 1000 / max(1, len(items))
        if name in TRAINING_SETS:
            oof = np.stack([oof_by_id[it["id"]] for it in items])
            proba, nothing = oof[:, : len(TYPES)], oof[:, len(TYPES)]
        rules = [extract_service_types(b) for b in bodies]
        firm = [[st for st in firm_service_types(b) if st in r] for b, r in zip(bodies, rules, strict=True)]
        alone = float(head.meta.get("alone", 0.5))  # type: ignore[arg-type]
        got = {"rules": rules,
               "head": [[] if nothing[i] >= head.nothing_at else head_only(proba[i], add=alone)
                        for i in range(len(items))],
               "combined": [head.read(rules[i], proba[i], float(nothing[i]), firm[i], text=bodies[i])
                            for i in range(len(items))]}
        report["sets"][name] = {v: score(got[v], want) for v in VARIANTS}
        # A set mixing real texts with marked translations (real5, real6) is scored by part too: the bar is on real
        # text.
        parts = {"real": [i for i, it in enumerate(items) if not it.get("translated")],
                 "translated": [i for i, it in enumerate(items) if it.get("translated")]}
        # The held-out set mixes languages (real7: Chinese and English real texts): its real part by language too,
        # with the per-type table on real text.
        held = name == HELDOUT_SET
        langs = sorted({it.get("language") or "zh" for it in items if not it.get("translated")}) if held else []
        if len(langs) > 1:
            parts |= {f"real_{lang}": [i for i in parts["real"] if (items[i].get("language") or "zh") == lang]
                      for lang in langs}
        if parts["translated"] or len(langs) > 1:
            report["sets"][name]["parts"] = {
                part: {"n": len(idx), **{k: v for k, v in score([got["combined"][i] for i in idx],
                                                                 [want[i] for i in idx]).items()
                                         if k != "per_type" or (held and part.startswith("real"))},
                       "multi_service": score([got["combined"][i] for i in idx if len(want[i]) > 1],
                                              [want[i] for i in idx if len(want[i]) > 1])}
                for part, idx in parts.items() if idx}
        report["sets"][name]["embed_ms_per_text"] = round(ms, 1)
        how = "head out-of-fold" if name in TRAINING_SETS else "stored head"
        print(f"\n{name} ({len(items)} texts, {how}; embedding {ms:.1f} ms/text)")
        print(f"{'variant':10s} {'exact':>6s} {'microF1':>8s} {'P':>6s} {'R':>6s}")
        for v in VARIANTS:
            s = report["sets"][name][v]
            print(f"{v:10s} {s['exact']:6.3f} {s['micro_f1']:8.3f} {s['precision']:6.3f} {s['recall']:6.3f}")
        print("per type (support: rules / head / combined F1)")
        for st, row in report["sets"][name]["combined"]["per_type"].items():
            cells = " / ".join(f"{report['sets'][name][v]['per_type'].get(st, {}).get('f1', 0.0):.2f}"
                               for v in VARIANTS)
            print(f"  {st:28s} {row['support']:3d}: {cells}")
        for part, row in report["sets"][name].get("parts", {}).items():
            multi = row["multi_service"]
            print(f"  {part}: {row['n']} texts, combined exact {row['exact']:.3f}, micro-F1 {row['micro_f1']:.3f} "
                  f"(P {row['precision']:.3f}, R {row['recall']:.3f}); "
                  f"asking for two services or more: {multi['n']}, exact {multi['exact']:.3f}, "
                  f"micro-F1 {multi['micro_f1']:.3f}")
            for st, cell in row.get("per_type", {}).items():
                print(f"    {st:28s} {cell['support']:3d}: P {cell['precision']:.2f} R {cell['recall']:.2f} "
                      f"F1 {cell['f1']:.2f}")
        if args.errors and name != HELDOUT_SET:
            for it, g, w in zip(items, got["combined"], want, strict=True):
                if set(g) != w:
                    print(f"  {it['id']}: want {sorted(x.value for x in w)} got {[x.value for x in g]} | "
                          f"{it['text'][:80]}")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
