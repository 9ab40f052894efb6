"""Helpers for matcher tests: a tiny deterministic embedder and kb records written through the kb importer."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np

from core.db import session_scope
from core.settings import Settings
from kb.io.importer import import_records
from kb.io.readers import SourceRecord


class NgramEmbedder:
    """Character-bigram hashing into 256 dims: texts sharing words get similar vectors, with no model."""

    model_id = "test-ngram-256"
    dim = 256
    cosine_range = (0.1, 0.6)
    cross_lingual_offset = 0.0
    low_confidence_threshold = 0.52

    def __init__(self) -> None:
        self.calls = 0
        self.texts_embedded = 0

    def _vec(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        t = "".join(text.lower().split())
        for i in range(len(t) - 1):
            h = int.from_bytes(hashlib.md5(t[i : i + 2].encode()).digest()[:4], "little")
            v[h % self.dim] += 1.0
        n = np.linalg.norm(v)
        return v / n if n else v

    def encode_query(self, texts: Sequence[str]) -> np.ndarray:
        return np.vstack([self._vec(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.texts_embedded += len(texts)
        return self.encode_query(texts)


def write_kb(settings: Settings, records: list[dict[str, Any]]) -> None:
    """Insert kb-v1 records through the kb importer, as a real import would."""
    items = [SourceRecord(location=f"test:{i}", record_type=r["type"], data={k: v for k, v in r.items() if k != "type"})
             for i, r in enumerate(records, 1)]
    with session_scope(settings) as session:
        result = import_records(session=session, records=items)
        assert result.ok, [str(i) for i in result.issues]


def center(cid: str, name: str, **kw: Any) -> dict[str, Any]:
    return {"type": "center", "id": cid, "name": name, "kind": kw.pop("kind", "quality_inspection_center"), **kw}


def capability(cid: str, center_id: str, title: str, **kw: Any) -> dict[str, Any]:
    return {"type": "capability", "id": cid, "center_id": center_id, "title": title,
            "service_types": kw.pop("service_types", ["inspection_testing"]), **kw}


def expert(eid: str, name: str, **kw: Any) -> dict[str, Any]:
    return {"type": "expert", "id": eid, "name": name, **kw}


BASE_KB: list[dict[str, Any]] = [
    center("c-bat", "江苏省动力电池质检中心", region="江苏省常州市", qualifications=["CMA", "CNAS"],
           industries=["动力电池"]),
    capability("cap-bat-1", "c-bat", "动力电池失效分析", description="针对电芯鼓胀、热失控开展失效分析。",
               service_types=["quality_evaluation"], standards=["GB/T 31485-2015"]),
    capability("cap-bat-2", "c-bat", "动力电池安全性能检测", description="针刺、过充、挤压等安全试验，出具CMA报告。",
               service_types=["inspection_testing"], qualifications=["CMA", "CNAS"]),
    center("c-met", "江西省计量测试中心", kind="metrology_center", region="江西省南昌市", qualifications=["CNAS"]),
    capability("cap-met-1", "c-met", "压力表检定与校准", description="弹簧管压力表、压力传感器的检定和校准。",
               service_types=["calibration"]),
    center("c-salt", "广东省材料腐蚀检测平台", kind="public_service_platform", region="广东省广州市"),
    capability("cap-salt-1", "c-salt", "金属材料盐雾试验", description="中性盐雾试验与腐蚀评价。",
               service_types=["inspection_testing"]),
]




def in_session(fn: Any, settings: Settings, **kw: Any) -> Any:
    """Call a matcher service function as a flow does: with the caller's session, in a transaction of its own."""
    with session_scope(settings) as session:
        return fn(session=session, settings=settings, **kw)
