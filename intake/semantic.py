"""Service types read by meaning as well as by keyword: a small trained head over sentence embeddings, combined with
the keyword rules of :mod:`intake.extract.service_types`.

Why: the rules miss requests phrased without their cue words ("现需求一种技术…", a root cause asked for without 分析)
and fire on words that are not requests (an enterprise describing its own incoming and outgoing inspection). The head
is one logistic regression per kb-v1 service type over the embedding the matcher already loads (e5 in production, a
tiny n-gram embedder in tests), trained by ``scripts/train_service_head.py`` on the labelled development sets only.

How the two combine (each step a threshold learnt on the development sets, stored with the weights):
- a type the rules find stays unless the head is confident it is not asked for (probability below ``veto``), and
  always when the text asks for it in so many words (the lexicon's ``firm_service_types``: "希望得到专家的指导",
  "专利购买", "FCC testing"; issue 27), which a long text's embedding drowns;
- a type the rules miss is added when the head is confident it is asked for (probability at least ``add``);
- a type with enough real examples to learn its own pair of thresholds (``own``: R&D, the bulk of every real demand
  list) uses them instead of the shared pair, which the rare types keep;
- the one-stop rule of need-fields.md is applied again afterwards;
- when one more regression, "nothing is asked" (a post recruiting people, a company profile, a bare product name:
  real demand lists are full of them, and their words — 研发, 检测, 标准 — set the rules off), is confident
  (probability at least ``nothing_at``), the text asks for no service at all. Learnt like the rest; off (above 1)
  when the training texts gave it nothing to learn from;
- when all that leaves the text asking for nothing while "nothing is asked" is not confident, the head's likeliest
  type is read if its probability reaches ``top1_at`` (learnt like the rest; off above 1). A request in wording
  neither the rules nor the add threshold catch (a notice's "laboratory analyses of samples") was the largest loss
  on every held-out set of notices; chosen on the leave-one-set-out benchmark (docs/intake.md);
- in a short text (``short``: (length, veto bar, add bar)), a message of the chat rather than a notice or an issue,
  a rule hit needs the head's agreement only at the lower veto bar, and a type the rules miss needs the head at the
  higher add bar: the thresholds are chosen on what the rules read of real sets they had not seen (mostly long
  documents and issues, where a cue word is often a mention and a request often has no cue word), while a chat
  message's cue is mostly the request itself, and what the head adds there is mostly a mention ("We passed the type
  test last year"; issue 27). Searched by the training only when asked (``train_service_head.py --short``): tried
  on 2026-11-27's night with the rules' readings of then, it read both held-out sets worse and was not kept, so the
  committed head has none (docs/intake.md "Rules as they were");
- in a long text (``long_veto``: a type -> (length, bar)) a rule hit of that type needs the head's agreement at the
  higher bar: in a notice of several hundred characters a test word is mostly a mention (the item to be tested for,
  the inspection a course teaches), and "the rules' test kept on the head's slightest doubt" was the most frequent
  rule error on sets never trained on (leave one set out: 43 texts) while short chat messages keep the low bar;
- beside what the rules read (``beside``), a type the rules miss needs the head at that bar at least: in the chat the
  head's additions beside a request said in so many words were almost all R&D (R&D is most of every real demand
  list, so its own add bar is low) — "一批低压电力电缆要做型式试验", "calibration for 30 torque wrenches", "we need a
  lab to find the root cause" each got 研发 too (issue 27, 2026-11-28: five of the probes' thirty conversations);
  0 (off) when it does not help;
- in an English text (``english``: (veto bar, add bar)), a rule hit needs the head's agreement at that veto bar
  at least, and a type the rules miss is added at that add bar (0: the type's own). Tried because the rules read the
  English sets they had not seen little (micro-F1 0.13–0.33) where the head alone read them better than both
  together; leaving one set out, cross-validation never chose it and forcing it lost (docs/intake.md "English text
  read by the head, and real16 as development data"). A measured setting, off (None) in the committed head;
- when the text is a question (:func:`is_question`) and the head reads ``information`` at ``question_at`` or more,
  the reading is information, with only the firm types and those the head gives ``question_keep`` or more: a
  question whether something holds a certificate or meets a standard asks for information, while the rules name
  the certification or the standard it is about (issue 27: most of the held-out sets' questions).
The last two are chosen by the training's cross-validation like the rest, and off (``long_veto`` empty,
``question_at`` above 1) when they do not help there.
Deterministic: fixed weights, no sampling; the embedder is the only model.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np

from intake.extract.product import extract_product, reads_as_english
from intake.extract.service_types import COLLAB_PARTS, firm_service_types
from intake.product_choice import ProductChooser, load_chooser, read_product
from kb.vocab import ServiceType

TYPES: tuple[ServiceType, ...] = tuple(ServiceType)
HEAD_DIR = Path(__file__).resolve().parent / "data"
# A question in either language: a question mark, or the Chinese question words and particles (a question to a
# regulator often ends in "谢谢！" with no mark). Structure only, no service's cue word: the head says what it asks.
QUESTION = re.compile(r"[?？]|吗|是否|能否|可否|如何|怎么|怎样|哪些|哪个|哪家|什么")
# A question whether the one asked can do or provide a thing is a request put politely ("你们能做盐雾测试吗？", "Can you
# do salt spray testing on our brackets?", "Do you offer EMC testing?"): not a question for information.
ASKS_TO_DO = re.compile(r"(能|可以|可否|能否|能不能|可不可以|有没有)(帮|给|替|为)?[^，。；;！!？?]{0,6}?"
                        r"(做|测|检验|提供|承接|出具|开展|安排|完成|办理)|\b(can|could|would|will) you\b|"
                        r"\bare you able\b|\bdo you (offer|provide|do|perform|carry out|handle)\b", re.I)
OFF = 1.01  # a bar above every probability: the step never fires


# A failure's cause asked to be found ("想找人分析下原因", "find out why"), and no wish to change the thing
# (改进 / 优化 / 解决 / 设计 / improve / redesign …): what is asked is the analysis. R&D the head adds beside it, that
# the rules did not read, is the product's field speaking, not the request: "我们的汽车线束连接器插拔几百次之后就接触
# 不良，想找人分析下原因" got 技术研发 at 0.74 (the same words without the product 0.18; the fifteenth probe's p144).
CAUSE_ASKED = re.compile(r"(原因|为什么|为何|为啥|失效分析|故障分析|\bwhy\b|\broot[- ]cause|\bfailure analysis\b|"
                         r"\bcause\b)", re.I)
CHANGE_WISHED = re.compile(r"(改进|改善|改良|优化|提升|提高|整改|解决|研发|研制|开发|设计|攻关|工艺|配方|方案|替代|"
                           r"\bimprov|\bredesign|\boptimi[sz]|\bdevelop|\bdesign|\bsolve|\bsolution|\bfix|"
                           r"\bprevent|\bavoid|\breplace|\bbetter\b)", re.I)


def asks_the_cause_only(text: str) -> bool:
    """Whether ``text`` asks for a cause to be found (:data:`CAUSE_ASKED`) and wishes no change (:data:`CHANGE_WISHED`):
    R&D the head adds beside the rules' reading is then not read (:meth:`ServiceTypeHead.read`)."""
    return bool(CAUSE_ASKED.search(text)) and not CHANGE_WISHED.search(text)


def is_question(text: str) -> bool:
    """Whether the text asks a question (:data:`QUESTION`) other than whether the one asked can do a thing
    (:data:`ASKS_TO_DO`)."""
    return bool(QUESTION.search(text)) and not ASKS_TO_DO.search(text)


class TextEmbedder(Protocol):
    """What the head needs from an embedder (``matcher.embedding.models.Embedder`` satisfies it)."""

    model_id: str

    def encode_query(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass
class ServiceTypeHead:
    """One logistic regression per service type, over L2-normalised embeddings of ``model_id``."""

    model_id: str
    weights: np.ndarray  # (len(TYPES), dim)
    bias: np.ndarray  # (len(TYPES),)
    add: float = 0.5
    veto: float = 0.1
    own: dict[ServiceType, tuple[float, float]] = field(default_factory=dict)  # type -> its own (add, veto)
    meta: dict[str, object] = field(default_factory=dict)
    nothing_weights: np.ndarray | None = None  # (dim,): the "nothing is asked" regression, when trained
    nothing_bias: float = -12.0
    nothing_at: float = 1.01  # above 1: never fires
    top1_at: float = 1.01  # the likeliest type's bar when nothing else is read; above 1: never
    top1_min: int = 0  # ... in a text at least this long only (a chat answer's guess is noise: issue 27)
    long_veto: dict[ServiceType, tuple[int, float]] = field(default_factory=dict)  # type -> (length, its long veto)
    question_at: float = OFF  # information's bar in a question; above 1: never
    question_keep: float = OFF  # what else a question keeps (besides firm types): the head's probability at this bar
    short: tuple[int, float, float] | None = None  # (length, veto bar, add bar) of a text shorter than length
    beside: float = 0.0  # the add bar of a type the rules miss beside one they read (0: the type's own bar)
    english: tuple[float, float] | None = None  # (veto bar, add bar) of an English text; None: as any other

    def proba(self, embeddings: np.ndarray) -> np.ndarray:
        """(n, len(TYPES)) probabilities that each text asks for each type."""
        return _sigmoid(np.asarray(embeddings, dtype=np.float64) @ self.weights.T + self.bias)

    def proba_nothing(self, embeddings: np.ndarray) -> np.ndarray:
        """(n,) probabilities that each text asks for no service at all (zeros without that regression)."""
        x = np.asarray(embeddings, dtype=np.float64)
        if self.nothing_weights is None:
            return np.zeros(x.shape[0])
        return _sigmoid(x @ self.nothing_weights + self.nothing_bias)

    def read(self, rule_types: Sequence[ServiceType], proba: np.ndarray, nothing: float,
             firm: Sequence[ServiceType] = (), *, text: str = "") -> list[ServiceType]:
        """:func:`combine` with this head's thresholds; ``text`` (the message read) gives its length and whether it
        is a question."""
        read = combine(rule_types, proba, add=self.add, veto=self.veto, own=self.own, nothing=nothing,
                       nothing_at=self.nothing_at, firm=firm, top1_at=self.top1_at, top1_min=self.top1_min,
                       length=len(text), long_veto=self.long_veto, question=is_question(text),
                       question_at=self.question_at, question_keep=self.question_keep, short=self.short,
                       beside=self.beside, english=self.english,
                       in_english=self.english is not None and reads_as_english(text))
        if ServiceType.rnd in read and ServiceType.rnd not in rule_types and asks_the_cause_only(text):
            read.remove(ServiceType.rnd)
        return read

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "model_id": self.model_id, "types": [t.value for t in TYPES], "add": self.add, "veto": self.veto,
            "own": {st.value: list(pair) for st, pair in self.own.items()},
            "bias": [round(float(b), 6) for b in self.bias],
            "weights": [[round(float(v), 6) for v in row] for row in self.weights], "meta": self.meta}
        if self.top1_at <= 1.0:
            data["top1_at"] = self.top1_at
        if self.top1_min:
            data["top1_min"] = self.top1_min
        if self.long_veto:
            data["long_veto"] = {st.value: [n, v] for st, (n, v) in self.long_veto.items()}
        if self.question_at <= 1.0:
            data["question"] = {"at": self.question_at, "keep": self.question_keep}
        if self.short is not None:
            data["short"] = list(self.short)
        if self.beside:
            data["beside"] = self.beside
        if self.english is not None:
            data["english"] = list(self.english)
        if self.nothing_weights is not None:
            data["nothing"] = {"at": self.nothing_at, "bias": round(float(self.nothing_bias), 6),
                               "weights": [round(float(v), 6) for v in self.nothing_weights]}
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ServiceTypeHead:
        types = [str(t) for t in data["types"]]  # type: ignore[attr-defined]
        if types != [t.value for t in TYPES]:
            raise ValueError("service-type head was trained for another service-type list; retrain it")
        nothing = dict(data.get("nothing") or {})  # type: ignore[call-overload]
        question = dict(data.get("question") or {})  # type: ignore[call-overload]
        return cls(model_id=str(data["model_id"]), weights=np.asarray(data["weights"], dtype=np.float64),
                   bias=np.asarray(data["bias"], dtype=np.float64), add=float(data["add"]),  # type: ignore[arg-type]
                   veto=float(data["veto"]), meta=dict(data.get("meta") or {}),  # type: ignore[arg-type, call-overload]
                   own={ServiceType(k): (float(v[0]), float(v[1]))
                        for k, v in dict(data.get("own") or {}).items()},  # type: ignore[call-overload]
                   nothing_weights=np.asarray(nothing["weights"], dtype=np.float64) if nothing else None,
                   nothing_bias=float(nothing.get("bias", -12.0)), nothing_at=float(nothing.get("at", 1.01)),
                   top1_at=float(data.get("top1_at", 1.01)),  # type: ignore[arg-type]
                   top1_min=int(data.get("top1_min", 0)),  # type: ignore[call-overload]
                   long_veto={ServiceType(k): (int(v[0]), float(v[1]))
                              for k, v in dict(data.get("long_veto") or {}).items()},  # type: ignore[call-overload]
                   question_at=float(question.get("at", OFF)), question_keep=float(question.get("keep", OFF)),
                   short=_short(data.get("short")), beside=float(data.get("beside", 0.0)),  # type: ignore[arg-type]
                   english=_pair(data.get("english")))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n",
                        encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> ServiceTypeHead:
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def model_file(kind: str, model_id: str, directory: Path = HEAD_DIR) -> Path:
    """The file of a model fitted on an embedding model's vectors: ``{kind}.{model id, made safe}.json``."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in model_id)
    return directory / f"{kind}.{safe}.json"


def head_path(model_id: str, directory: Path = HEAD_DIR) -> Path:
    """Where the committed head for an embedding model lives (one file per model id)."""
    return model_file("service_head", model_id, directory)


def _short(value: object) -> tuple[int, float, float] | None:
    if not isinstance(value, list | tuple):
        return None
    return int(value[0]), float(value[1]), float(value[2])


def _pair(value: object) -> tuple[float, float] | None:
    if not isinstance(value, list | tuple):
        return None
    return float(value[0]), float(value[1])


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(z, -60.0, 60.0))))


def combine(rule_types: Sequence[ServiceType], proba: np.ndarray, *, add: float, veto: float,
            own: Mapping[ServiceType, tuple[float, float]] | None = None, nothing: float = 0.0,
            nothing_at: float = 1.01, firm: Sequence[ServiceType] = (), top1_at: float = 1.01, top1_min: int = 0,
            length: int = 0,
            long_veto: Mapping[ServiceType, tuple[int, float]] | None = None, question: bool = False,
            question_at: float = OFF, question_keep: float = OFF,
            short: tuple[int, float, float] | None = None, beside: float = 0.0,
            english: tuple[float, float] | None = None, in_english: bool = False) -> list[ServiceType]:
    """The rules' reading corrected by the head (see the module docstring); ``firm`` types (asked for in so many
    words) are kept whatever the head says; ``top1_at``: when nothing is read, the likeliest type at that bar, in a
    text of ``top1_min`` characters or more (a short chat message, "Suzhou." or "十万左右", gets the head's guess
    at 0.9: it never saw such text);
    ``length`` and ``long_veto``: a rule hit in a text that long needs the higher bar; ``short``: (length, veto, add),
    in a text shorter than that a rule hit needs at most that veto bar and a type the rules miss at least that add
    bar; ``question``: the text is one (information at ``question_at`` reads information, keeping the firm types and
    those at ``question_keep``); ``beside``: a type the rules miss, beside one they read, needs at least that bar;
    ``english``: (veto, add) of a text ``in_english`` (the veto at least that, every add bar that one unless 0)."""
    chosen: set[ServiceType] = set()
    if nothing < nothing_at or firm:
        chosen = set(firm)
        rules = set(rule_types)
        for i, st in enumerate(TYPES):
            p = float(proba[i])
            add_st, veto_st = (own or {}).get(st, (add, veto))
            if english is not None and in_english:
                veto_st = max(veto_st, english[0])
                add_st = english[1] or add_st
            if short is not None and length < short[0]:
                veto_st, add_st = min(veto_st, short[1]), max(add_st, short[2])
            if rules and st not in rules:
                add_st = max(add_st, beside)
            if st in (long_veto or {}) and length >= (long_veto or {})[st][0]:
                veto_st = max(veto_st, (long_veto or {})[st][1])
            if (st in rules and p >= veto_st) or p >= add_st:
                chosen.add(st)
        if not chosen and top1_at <= 1.0 and length >= top1_min:
            best = int(np.argmax(proba[: len(TYPES)]))
            if float(proba[best]) >= top1_at:
                chosen.add(TYPES[best])
        if ServiceType.infrastructure_collab in chosen:
            chosen -= COLLAB_PARTS
    info = TYPES.index(ServiceType.information)
    if question and question_at <= 1.0 and float(proba[info]) >= question_at:
        chosen = {st for st in chosen if st in firm or float(proba[TYPES.index(st)]) >= question_keep}
        chosen.add(ServiceType.information)
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

    def __init__(self, embedder: TextEmbedder, head: ServiceTypeHead, chooser: ProductChooser | None = None) -> None:
        if head.model_id != embedder.model_id:
            raise ValueError(f"service-type head is for {head.model_id}, the embedder is {embedder.model_id}")
        if chooser is not None and chooser.model_id != embedder.model_id:
            raise ValueError(f"product chooser is for {chooser.model_id}, the embedder is {embedder.model_id}")
        self.embedder = embedder
        self.head = head
        self.chooser = chooser
        self._cache: dict[str, np.ndarray] = {}

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Each text's vector, from the cache or one model call for those not in it. The cache is emptied when full,
        after the cached vectors asked for are taken out of it (a call asking for a cached text and new ones at
        that moment lost the cached one: KeyError)."""
        keys = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in texts]
        # one lookup a key: a worker's other thread may empty the cache between a membership test and a read
        found = {k: v for k in keys if (v := self._cache.get(k)) is not None}
        todo = [i for i, k in enumerate(keys) if k not in found]
        if todo:
            vectors = self.embedder.encode_query([texts[i] for i in todo])
            if len(self._cache) + len(todo) > 2048:
                self._cache.clear()
            for i, v in zip(todo, vectors, strict=True):
                found[keys[i]] = self._cache[keys[i]] = np.asarray(v, dtype=np.float64)
        return np.stack([found[k] for k in keys])

    def product(self, text: str) -> str | None:
        """The product, chosen among the rule reader's candidates by meaning (:mod:`intake.product_choice`), with the
        same embedder and cache as the service types (the text itself is embedded once for both); the rules alone
        without a chooser."""
        if self.chooser is None:
            return extract_product(text)
        return read_product(text, chooser=self.chooser, embed=self.embed)

    def __call__(self, text: str, rule_types: Sequence[ServiceType]) -> list[ServiceType]:
        x = self.embed([text])
        firm = [st for st in firm_service_types(text) if st in rule_types]
        return self.head.read(rule_types, self.head.proba(x)[0], float(self.head.proba_nothing(x)[0]), firm,
                              text=text)


def load_semantic(embedder: TextEmbedder, directory: Path | None = None) -> SemanticServiceTypes | None:
    """The semantic reader for this embedder, or None when no head was trained for it (rules alone then). Heads are
    looked for in ``directory``, by default :data:`HEAD_DIR` as it is when called (tests put a stand-in's head
    elsewhere).

    An ensemble (the matcher's default, e5 + USE) has no head of its own: a head trained on one of its parts
    (``parts``, in order) reads with that part's vectors, so changing the matcher's ensemble does not silently drop
    intake back to the rules alone. A product chooser trained for the same model (:mod:`intake.product_choice`) is
    loaded beside the head when there is one."""
    for candidate in [embedder, *getattr(embedder, "parts", ())]:
        path = head_path(candidate.model_id, HEAD_DIR if directory is None else directory)
        if path.exists():
            return SemanticServiceTypes(candidate, ServiceTypeHead.load(path), load_chooser(
                candidate.model_id, HEAD_DIR if directory is None else directory))
    return None
