"""Small helpers for kb tests: write kb-v1 files and snapshot the knowledge base."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.db import session_scope
from core.settings import Settings
from kb import service
from kb.io.exporter import iter_records
from kb.io.importer import ImportResult, import_files

CENTER = {"type": "center", "id": "qic-js-battery", "name": "江苏省动力电池产品质量检验中心",
          "kind": "quality_inspection_center", "region": "江苏省常州市", "industries": ["动力电池", "储能"],
          "qualifications": ["CMA", "CNAS"], "capacity": 5,
          "contact": {"name": "王工", "phone": "0519-80000000", "email": "lab@example.cn"},
          "founded_year": 2012, "website_note": "示例"}
CENTER2 = {"type": "center", "id": "met-jx-rare", "name": "江西省稀土产业计量测试中心", "kind": "metrology_center",
           "status": "preparing", "region": "江西省赣州市", "industries": ["钨与稀土"], "qualifications": ["CNAS"]}
CAP = {"type": "capability", "id": "cap-1", "center_id": "qic-js-battery", "title": "动力电池单体热失控试验",
       "description": "按 GB 38031-2020 开展单体热失控触发与热扩散试验。", "service_types": ["inspection_testing"],
       "industries": ["动力电池"], "standards": ["GB 38031-2020"], "qualifications": ["CMA", "CNAS"],
       "lab_room": {"building": "B", "floor": 3}}
CAP2 = {"type": "capability", "id": "cap-2", "center_id": "met-jx-rare", "title": "稀土永磁材料磁性能测量",
        "service_types": ["key_parameter_measurement", "calibration"], "industries": ["钨与稀土"]}
EXPERT = {"type": "expert", "id": "exp-1", "name": "陈立新", "center_id": "qic-js-battery",
          "pools": ["江苏省质量协会专家库"], "affiliation": "江苏省动力电池产品质量检验中心", "title_level": "senior",
          "degree": "doctorate", "years_experience": 18, "led_projects": 6, "fields": ["电池安全", "失效分析"],
          "bio": "长期从事动力电池安全评价。", "conflicts": ["常州某储能科技有限公司"]}

BASE_RECORDS = [CENTER, CENTER2, CAP, CAP2, EXPERT]


def write_jsonl(path: Path, records: list[dict[str, Any]], *, raw_lines: list[str] | None = None) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines.extend(raw_lines or [])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def do_import(settings: Settings, *paths: Path, **kwargs: Any) -> ImportResult:
    with session_scope(settings) as session:
        return import_files(session=session, paths=list(paths), **kwargs)


def snapshot(settings: Settings) -> list[dict[str, Any]]:
    """Everything in the knowledge base, as kb-v1 dicts, plus the version."""
    with session_scope(settings) as session:
        records = [r.to_record() for r in iter_records(session=session)]
        records.append({"_version": service.kb_version(session=session)})
    return records


def normalised(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Records sorted by (type, id), keys sorted: the comparable form of a knowledge base's content."""
    body = [r for r in records if "type" in r]
    return sorted((dict(sorted(r.items())) for r in body), key=lambda r: (r["type"], r["id"]))
