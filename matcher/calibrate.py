"""Per-query normalisation and hubness correction of dense scores: pure functions over plain numbers.

Why: e5-small cosines are bunched (on real centers' long texts nearly every need scores 0.85–0.89 against every
center), so a fixed [floor, ceiling] rescale turns small, noisy differences into the ranking, and a few "hub"
documents — long, generic descriptions — sit near the top for every need. Two cheap corrections, both off by default
(``MatcherConfig.dense_query_norm``, ``MatcherConfig.hubness_weight``), measured in docs/matching.md:

- hubness (CSLS-style): subtract from each document's cosine its mean similarity to its k nearest neighbours among a
  sample of probe vectors (how close it is to everything), centred on the catalog's median so the scale keeps its
  meaning: ``cos − w·(r_d − median r)``. CSLS proper is ``2cos − r_q − r_d``; ``r_q`` is constant within one query and
  ``w = 0.5`` is its ranking.
- per-query normalisation: a document's cosine as a z-score among this query's candidates, mapped to [0, 1] over
  [0, ``z_max``] standard deviations — ranking by how much a document stands out for this need, not by the raw level.

Neither changes the absolute evidence that ``low_confidence`` reads; they change only the ranking score.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence

import numpy as np


def probe_sample(n: int, size: int) -> np.ndarray:
    """Deterministic, evenly spread indices of at most ``size`` of ``n`` rows (the probes for hubness)."""
    if n <= size:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, size).round().astype(int))


def hub_scores(doc_vecs: np.ndarray, probe_vecs: np.ndarray, *, k: int = 10, exclude_self: bool = True) -> np.ndarray:
    """r_d: the mean of each document's ``k`` highest cosines to the probes (rows L2-normalised). With the documents
    themselves among the probes, a document's similarity to itself (≈1) is left out."""
    if doc_vecs.shape[0] == 0 or probe_vecs.shape[0] == 0:
        return np.zeros(doc_vecs.shape[0], dtype=np.float32)
    sims = doc_vecs @ probe_vecs.T
    if exclude_self:
        sims = np.where(sims > 0.9999, -np.inf, sims)
    kk = max(1, min(k, sims.shape[1] - (1 if exclude_self else 0)))
    top = -np.sort(-sims, axis=1)[:, :kk]
    finite = np.isfinite(top)
    count = finite.sum(axis=1)
    total = np.where(finite, top, 0.0).sum(axis=1)
    return np.divide(total, count, out=np.zeros_like(total, dtype=np.float64), where=count > 0).astype(np.float32)


def centred_hubness(scores: Mapping[str, float]) -> dict[str, float]:
    """Hub scores minus their median: positive for documents closer to everything than the typical one."""
    if not scores:
        return {}
    med = float(np.median(np.fromiter(scores.values(), dtype=np.float64)))
    return {d: float(v) - med for d, v in scores.items()}


def hubness_adjust(dense: Mapping[str, float], hub: Mapping[str, float], weight: float) -> dict[str, float]:
    """``cos − weight·hub`` (hub already centred); documents without a hub score are left as they are."""
    return {d: float(v) - weight * hub.get(d, 0.0) for d, v in dense.items()}


def language_pair_adjust(dense: Mapping[str, float], *, need_english: bool, english_docs: Collection[str],
                         offset: float, both_ways: bool = False) -> dict[str, float]:
    """The cross-lingual offset applied to pairs of languages, not to every document of a need
    (``MatcherConfig.cross_lingual`` "same" and "pair"; docs/matching.md §8p).

    The dense side rescales every cosine of a mostly English need by a range shifted down by the embedder's
    ``cross_lingual_offset``, because an English need scores lower against Chinese texts. A document written in
    English is not such a text: the need and the document share a language, their cosine is not lowered, and the
    shifted range lifts it above every Chinese document (on the real set one English-described center stood first
    for 7 of 38 English needs, suitable for one). Expressed on the cosines, so that the range stays the need's: an
    English need's English documents lose the offset. With ``both_ways``, a Chinese need's English documents, a
    cross-lingual pair the unshifted range leaves low, gain it. Every other pair is unchanged."""
    if offset == 0 or not english_docs or (not need_english and not both_ways):
        return dict(dense)
    step = -offset if need_english else offset
    return {d: float(v) + step if d in english_docs else float(v) for d, v in dense.items()}


def without_language_words(tokens: Sequence[str], language_words: Collection[str]) -> list[str]:
    """A need's lexical terms less the words whose only evidence in the catalog is a document's language
    (``MatcherConfig.language_words``): Latin-letter words that only English-written documents contain
    (matcher.catalog.Catalog.english_only). In a mostly Chinese catalog "quality", "product" or "new" occur in the one
    English document, so their idf is the highest there is and BM25 reads them as the most specific terms of an English
    need. The glossary's Chinese terms, acronyms and standard numbers any Chinese document contains are kept."""
    if not language_words:
        return list(tokens)
    return [t for t in tokens if t not in language_words]


def per_query_norm(scores: Mapping[str, float], *, reference: list[float] | None = None,
                   z_max: float = 3.0) -> dict[str, float]:
    """Each score as a z-score against ``reference`` (default: the scores themselves), mapped to [0, 1] over
    [0, z_max]: below-average candidates get 0, one that stands out by z_max standard deviations or more gets 1."""
    if not scores:
        return {}
    ref = np.asarray(reference if reference else list(scores.values()), dtype=np.float64)
    mu = float(ref.mean())
    sd = float(ref.std())
    if sd <= 1e-9 or z_max <= 0:
        return {d: 0.0 for d in scores}
    return {d: min(1.0, max(0.0, (float(v) - mu) / sd / z_max)) for d, v in scores.items()}


class NeedPool:
    """Reference needs for hubness measured against needs (CSLS proper: a document's mean cosine to its k nearest
    *queries*): their query vectors, each under a key. A need is never compared with the pool entries of its own key
    (``key_of(need id)``), so no need sees itself. In a deployment the pool is the stored needs; in the benchmark, the
    other needs of the set (a translation under its original's key)."""

    def __init__(self, keys: list[str], vectors: np.ndarray, key_of: Callable[[str], str] | None = None) -> None:
        if len(keys) != len(vectors):
            raise ValueError("one key per pool vector")
        self.keys = list(keys)
        self.vectors = np.asarray(vectors, dtype=np.float32)
        self.key_of = key_of or (lambda need_id: need_id)


class QueryHubness:
    """Each document's hubness against a :class:`NeedPool`, ready for any need: per document, its highest cosines to
    the pool and the pool keys they came from, kept deep enough to leave one key's entries out (made once per index
    generation and pool: a D × M product; a need then reads a few numbers per candidate document)."""

    def __init__(self, doc_ids: list[str], doc_vecs: np.ndarray, pool: NeedPool, *, k: int) -> None:
        codes: dict[str, int] = {}
        pool_codes = np.array([codes.setdefault(key, len(codes)) for key in pool.keys], dtype=np.int64)
        self._codes = codes
        self.k = max(1, min(k, len(pool.keys)))
        self.row = {d: i for i, d in enumerate(doc_ids)}
        most_of_one_key = int(np.bincount(pool_codes).max()) if len(pool_codes) else 0
        depth = min(len(pool.keys), self.k + most_of_one_key)
        if len(doc_ids) == 0 or depth == 0:
            self.top = np.zeros((len(doc_ids), 0), np.float32)
            self.top_codes = np.zeros((len(doc_ids), 0), np.int64)
            self.median = 0.0
            return
        sims = np.asarray(doc_vecs, dtype=np.float32) @ pool.vectors.T
        part = np.argpartition(-sims, depth - 1, axis=1)[:, :depth]
        vals = np.take_along_axis(sims, part, axis=1)
        order = np.argsort(-vals, axis=1, kind="stable")
        self.top = np.take_along_axis(vals, order, axis=1)
        self.top_codes = pool_codes[np.take_along_axis(part, order, axis=1)]
        self.median = float(np.median(self.top[:, : self.k].mean(axis=1)))  # a need outside the pool

    def _r(self, vals: np.ndarray, codes: np.ndarray, own: int | None) -> np.ndarray:
        keep = codes != own if own is not None else np.ones_like(codes, dtype=bool)
        keep &= np.cumsum(keep, axis=1) <= self.k
        return np.where(keep, vals, 0.0).sum(axis=1) / np.maximum(keep.sum(axis=1), 1)

    def centred(self, doc_ids: list[str], own_key: str | None) -> dict[str, float]:
        """r_d − median r for these documents, r_d the mean of the k highest cosines to pool needs of another key
        than ``own_key``, the median over every document the same way (so a need's own entries move nothing);
        documents the pool was not made for are left out (no correction)."""
        rows = [(d, self.row[d]) for d in doc_ids if d in self.row]
        if not rows or self.top.shape[1] == 0:
            return {}
        own = self._codes.get(own_key) if own_key is not None else None
        median = self.median if own is None else float(np.median(self._r(self.top, self.top_codes, own)))
        idx = np.array([r for _, r in rows])
        r = self._r(self.top[idx], self.top_codes[idx], own)
        return {d: float(v) - median for (d, _), v in zip(rows, r, strict=True)}
