"""Service types read by meaning as well as by keyword: a small trained head over sentence embeddings, combined with
the keyword rules of :mod:`intake.extract.service_types`.

Why: the rules miss requests phrased without their cue words ("现需求一种技术…", a root cause asked for without 分析)
and fire on words that are not requests (an enterprise describing its own incoming and outgoing inspection). The head
reads over the embedding the matcher already loads (e5 in production, a tiny n-gram embedder in tests) and is trained
by ``benchmarks/train_service_head.py`` on the labelled development sets only. It is one of two kinds, chosen by the
training's cross-validation: one logistic regression per kb-v1 service type, or the labelled training texts nearest
in meaning voting (``nearest``: the ``k`` most similar, each weighted by its similarity).

What it reads (``features``): the whole text, or (``text+head``) the whole text beside its head part
(:func:`head_part`: a demand list's title, or the first sentence), each embedded on its own. Real demand lists give
a title naming the technology and then a company profile whose words (研发, 检测, 高新技术企业) say what the company
is, not what it asks; the head part keeps what is asked from being drowned.

How the two combine (each step a threshold learnt on the development sets, stored with the head):
- a type the rules find stays unless the head is confident it is not asked for (probability below ``veto``);
- a type the rules miss is added when the head is confident it is asked for (probability at least ``add``);
- a type with enough real examples to learn its own pair of thresholds (``own``: R&D, the bulk of every real demand
  list) uses them instead of the shared pair, which the rare types keep;
- the one-stop rule of need-fields.md is applied again afterwards;
- when one more outcome, "nothing is asked" (a post recruiting people, a company profile, a bare product name:
  real demand lists are full of them, and their words — 研发, 检测, 标准 — set the rules off), is confident
  (probability at least ``nothing_at``), the text asks for no service at all. Learnt like the rest; off (above 1)
  when the training texts gave it nothing to learn from;
- otherwise a text asks for something (``at_least_one``, when the training chose it): if nothing passed the
  thresholds, the most likely type the rules found, or else the head's most likely type, is read.
Deterministic: fixed weights and memory, no sampling; the embedder is the only model.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from intake.extract.service_types import COLLAB_PARTS
from kb.vocab import ServiceType

TYPES: tuple[ServiceType, ...] = tuple(ServiceType)
HEAD_DIR = Path(__file__).resolve().parent / "data"
FEATURES = ("text", "text+head")
KINDS = ("logistic", "nearest")

# A demand list's title: the words before the first colon, when the colon comes early; else the first sentence.
_TITLE = re.compile(r"^(.{2,60}?)[：:]")
_FIRST_SENTENCE = re.compile(r"^(.{2,}?)(?:[。！？!?；;\n]|(?<=[A-Za-z0-9)\]])\.\s)")


class TextEmbedder(Protocol):
    """What the head needs from an embedder (``matcher.embedding.models.Embedder`` satisfies it)."""

    model_id: str

    def encode_query(self, texts: Sequence[str]) -> np.ndarray: ...


def head_part(text: str) -> str:
    """The part of a text that names what is asked: the title of a demand-list entry ("铜带的技术改革需求：公司是一家
    …" → "铜带的技术改革需求"), else its first sentence; the whole text when it is one sentence."""
    text = text.strip()
    m = _TITLE.match(text) or _FIRST_SENTENCE.match(text)
    part = m.group(1).strip() if m else ""
    return part if len(part) >= 2 else text


def _unit(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    norm = np.linalg.norm(x, axis=1, keepdims=True)
    return np.asarray(x / np.where(norm > 0, norm, 1.0))


def feature_vectors(embed: TextEmbedder | None, texts: Sequence[str], features: str, *,
                    vectors: Mapping[str, np.ndarray] | None = None) -> np.ndarray:
    """The head's input for ``texts``, rows of unit length: each text's embedding, and (``text+head``) beside it its
    head part's (each part normalised, then the row). ``vectors``: embeddings already computed, by text (the rest
    are asked of ``embed``)."""
    if features not in FEATURES:
        raise ValueError(f"unknown head features {features!r}")
    parts = [list(texts)] if features == "text" else [list(texts), [head_part(t) for t in texts]]
    known = dict(vectors or {})
    todo = list(dict.fromkeys(t for part in parts for t in part if t not in known))
    if todo:
        if embed is None:
            raise ValueError("an embedder is needed for texts not embedded yet")
        known.update(zip(todo, np.asarray(embed.encode_query(todo), dtype=np.float64), strict=True))
    if not texts:
        return np.zeros((0, 0))
    return _unit(np.hstack([_unit(np.stack([known[t] for t in part])) for part in parts]))


def _b64(array: np.ndarray, dtype: str) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype=np.dtype(dtype).newbyteorder("<")).tobytes()).decode()


def _unb64(text: str, dtype: str, shape: Sequence[int]) -> np.ndarray:
    raw = np.frombuffer(base64.b64decode(text), dtype=np.dtype(dtype).newbyteorder("<"))
    return raw.reshape(tuple(shape)).astype(np.float64)


@dataclass
class ServiceTypeHead:
    """The trained head over embeddings of ``model_id``: logistic regressions (``weights``, ``bias``), or the nearest
    labelled texts (``memory``: their feature vectors, unit length; ``memory_labels``: one column per type and a last
    one for "nothing is asked")."""

    model_id: str
    weights: np.ndarray  # (len(TYPES), dim); unused by the nearest-texts kind
    bias: np.ndarray  # (len(TYPES),)
    add: float = 0.5
    veto: float = 0.1
    own: dict[ServiceType, tuple[float, float]] = field(default_factory=dict)  # type -> its own (add, veto)
    meta: dict[str, object] = field(default_factory=dict)
    nothing_weights: np.ndarray | None = None  # (dim,): the "nothing is asked" regression, when trained
    nothing_bias: float = -12.0
    nothing_at: float = 1.01  # above 1: never fires
    features: str = "text"
    kind: str = "logistic"
    memory: np.ndarray | None = None  # (n, dim) for the nearest-texts kind
    memory_labels: np.ndarray | None = None  # (n, len(TYPES) + 1)
    k: int = 20
    temperature: float = 20.0
    at_least_one: bool = False

    def __post_init__(self) -> None:
        if self.features not in FEATURES or self.kind not in KINDS:
            raise ValueError(f"unknown head ({self.kind}, {self.features})")
        if self.kind == "nearest" and (self.memory is None or self.memory_labels is None):
            raise ValueError("a nearest-texts head needs its memory")

    def probabilities(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """((n, len(TYPES)) probabilities that each text asks for each type, (n,) that it asks for nothing)."""
        x = np.asarray(x, dtype=np.float64)
        if self.kind == "nearest":
            votes = nearest_votes(self.memory, self.memory_labels, x,  # type: ignore[arg-type]
                                  k=self.k, temperature=self.temperature)
            return votes[:, : len(TYPES)], votes[:, len(TYPES)]
        proba = _sigmoid(x @ self.weights.T + self.bias)
        if self.nothing_weights is None:
            return proba, np.zeros(x.shape[0])
        return proba, _sigmoid(x @ self.nothing_weights + self.nothing_bias)

    def proba(self, x: np.ndarray) -> np.ndarray:
        return self.probabilities(x)[0]

    def proba_nothing(self, x: np.ndarray) -> np.ndarray:
        return self.probabilities(x)[1]

    def read(self, rule_types: Sequence[ServiceType], proba: np.ndarray, nothing: float) -> list[ServiceType]:
        """:func:`combine` with this head's thresholds."""
        return combine(rule_types, proba, add=self.add, veto=self.veto, own=self.own, nothing=nothing,
                       nothing_at=self.nothing_at, at_least_one=self.at_least_one)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "model_id": self.model_id, "types": [t.value for t in TYPES], "kind": self.kind,
            "features": self.features, "add": self.add, "veto": self.veto,
            "own": {st.value: list(pair) for st, pair in self.own.items()}, "at_least_one": self.at_least_one}
        if self.kind == "nearest":
            memory, labels = np.asarray(self.memory), np.asarray(self.memory_labels)
            data["nearest"] = {"k": self.k, "temperature": self.temperature, "at": self.nothing_at,
                               "shape": list(memory.shape), "vectors_float16": _b64(memory, "f2"),
                               "labels_int8": _b64(labels, "i1")}
        else:
            data["bias"] = [round(float(b), 6) for b in self.bias]
            data["weights"] = [[round(float(v), 6) for v in row] for row in self.weights]
            if self.nothing_weights is not None:
                data["nothing"] = {"at": self.nothing_at, "bias": round(float(self.nothing_bias), 6),
                                   "weights": [round(float(v), 6) for v in self.nothing_weights]}
        data["meta"] = self.meta
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ServiceTypeHead:
        types = [str(t) for t in data["types"]]  # type: ignore[attr-defined]
        if types != [t.value for t in TYPES]:
            raise ValueError("service-type head was trained for another service-type list; retrain it")
        common = {"model_id": str(data["model_id"]), "add": float(data["add"]),  # type: ignore[arg-type]
                  "veto": float(data["veto"]), "meta": dict(data.get("meta") or {}),  # type: ignore[arg-type, call-overload]
                  "own": {ServiceType(k): (float(v[0]), float(v[1]))
                          for k, v in dict(data.get("own") or {}).items()},  # type: ignore[call-overload]
                  "features": str(data.get("features", "text")), "at_least_one": bool(data.get("at_least_one"))}
        if data.get("kind") == "nearest":
            near = dict(data["nearest"])  # type: ignore[call-overload]
            shape = [int(n) for n in near["shape"]]
            return cls(weights=np.zeros((len(TYPES), shape[1])), bias=np.full(len(TYPES), -12.0), kind="nearest",
                       memory=_unb64(near["vectors_float16"], "f2", shape),
                       memory_labels=_unb64(near["labels_int8"], "i1", (shape[0], len(TYPES) + 1)),
                       k=int(near["k"]), temperature=float(near["temperature"]), nothing_at=float(near["at"]),
                       **common)
        nothing = dict(data.get("nothing") or {})  # type: ignore[call-overload]
        return cls(weights=np.asarray(data["weights"], dtype=np.float64),
                   bias=np.asarray(data["bias"], dtype=np.float64),
                   nothing_weights=np.asarray(nothing["weights"], dtype=np.float64) if nothing else None,
                   nothing_bias=float(nothing.get("bias", -12.0)), nothing_at=float(nothing.get("at", 1.01)),
                   **common)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n",
                        encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> ServiceTypeHead:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def head_path(model_id: str, directory: Path = HEAD_DIR) -> Path:
    """Where the committed head for an embedding model lives (one file per model id)."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in model_id)
    return directory / f"service_head.{safe}.json"


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -60.0, 60.0))))


def nearest_votes(memory: np.ndarray, labels: np.ndarray, x: np.ndarray, *, k: int,
                  temperature: float) -> np.ndarray:
    """Each row of ``x`` (unit-length feature vectors) labelled by its ``k`` most similar rows of ``memory``, each
    weighted by ``exp(temperature · (similarity − the best similarity))``: (n, labels' columns) shares in [0, 1].
    Ties are broken by the memory's order (a stable sort), so a reading never depends on the platform."""
    x = _unit(x)
    sims = x @ np.asarray(memory, dtype=np.float64).T
    k = max(1, min(k, sims.shape[1]))
    order = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    top = np.take_along_axis(sims, order, axis=1)
    weights = np.exp(temperature * (top - top[:, :1]))
    votes = np.einsum("nk,nkj->nj", weights, np.asarray(labels, dtype=np.float64)[order])
    return np.asarray(votes / weights.sum(axis=1, keepdims=True))


def combine(rule_types: Sequence[ServiceType], proba: np.ndarray, *, add: float, veto: float,
            own: Mapping[ServiceType, tuple[float, float]] | None = None, nothing: float = 0.0,
            nothing_at: float = 1.01, at_least_one: bool = False) -> list[ServiceType]:
    """The rules' reading corrected by the head (see the module docstring)."""
    if nothing >= nothing_at:
        return []
    chosen: set[ServiceType] = set()
    rules = set(rule_types)
    for i, st in enumerate(TYPES):
        p = float(proba[i])
        add_st, veto_st = (own or {}).get(st, (add, veto))
        if (st in rules and p >= veto_st) or p >= add_st:
            chosen.add(st)
    if not chosen and at_least_one:
        candidates = [st for st in TYPES if st in rules] or list(TYPES)
        chosen.add(max(candidates, key=lambda st: float(proba[TYPES.index(st)])))
    if ServiceType.infrastructure_collab in chosen:
        chosen -= COLLAB_PARTS
    return [st for st in TYPES if st in chosen]


def head_only(proba: np.ndarray, *, add: float,
              own: Mapping[ServiceType, tuple[float, float]] | None = None) -> list[ServiceType]:
    """The head alone: every type at or above ``add`` (for measuring the head without the rules)."""
    chosen = {st for i, st in enumerate(TYPES) if float(proba[i]) >= (own or {}).get(st, (add, 0.0))[0]}
    if ServiceType.infrastructure_collab in chosen:
        chosen -= COLLAB_PARTS
    return [st for st in TYPES if st in chosen]


class SemanticServiceTypes:
    """Callable the extractor takes: ``(text, rule_types) -> service types``; caches embeddings of recent texts."""

    def __init__(self, embedder: TextEmbedder, head: ServiceTypeHead) -> None:
        if head.model_id != embedder.model_id:
            raise ValueError(f"service-type head is for {head.model_id}, the embedder is {embedder.model_id}")
        self.embedder = embedder
        self.head = head
        self._cache: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        if len(self._cache) > 2048:
            self._cache.clear()
        todo = {k: t for k, t in zip(keys, texts, strict=True) if k not in self._cache}
        if todo:
            vectors = self.embedder.encode_query(list(todo.values()))
            for k, v in zip(todo, vectors, strict=True):
                self._cache[k] = np.asarray(v, dtype=np.float64)
        return np.stack([self._cache[k] for k in keys])

    def features(self, texts: Sequence[str]) -> np.ndarray:
        """The head's input for ``texts`` (their embeddings, and their head parts' when the head reads those)."""
        parts = list(dict.fromkeys([*texts, *(map(head_part, texts) if self.head.features != "text" else ())]))
        vectors = dict(zip(parts, self.embed(parts), strict=True))
        return feature_vectors(None, texts, self.head.features, vectors=vectors)

    def __call__(self, text: str, rule_types: Sequence[ServiceType]) -> list[ServiceType]:
        proba, nothing = self.head.probabilities(self.features([text]))
        return self.head.read(rule_types, proba[0], float(nothing[0]))


def load_semantic(embedder: TextEmbedder, directory: Path | None = None) -> SemanticServiceTypes | None:
    """The semantic reader for this embedder, or None when no head was trained for it (rules alone then). Heads are
    looked for in ``directory``, by default :data:`HEAD_DIR` as it is when called (tests put a stand-in's head
    elsewhere).

    An ensemble (the matcher's default, e5 + USE) has no head of its own: a head trained on one of its parts
    (``parts``, in order) reads with that part's vectors, so changing the matcher's ensemble does not silently drop
    intake back to the rules alone."""
    for candidate in [embedder, *getattr(embedder, "parts", ())]:
        path = head_path(candidate.model_id, HEAD_DIR if directory is None else directory)
        if path.exists():
            return SemanticServiceTypes(candidate, ServiceTypeHead.load(path))
    return None
