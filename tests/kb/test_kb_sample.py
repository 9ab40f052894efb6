"""The shipped sample catalog imports cleanly and is what issue 2 promises a coordinator."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from core.db import session_scope
from core.settings import Settings
from kb import rules, service
from kb.cli import sample_files
from kb.vocab import CenterKind
from tests.kb.kbhelpers import do_import

STANDARD_RE = re.compile(r"^(GB|GB/T|GB/Z|JJG|JJF|YY|YY/T|QC/T|T/[A-Z]+|HJ|ISO|IEC|EN|UL|SN/T|NB/T|JB/T|DL/T|SJ/T|"
                         r"QB/T|FZ/T|JC/T|HG/T|JESD|J-STD|AEC|IATF|IES|ASTM|UN|IPC|SAE|ECE|GJB|TB/T|CJ/T|JG/T|WS|"
                         r"CNAS|RB/T|NY/T|SB/T|LY/T|GA|XF|BS|DIN|JIS|MIL|IEEE|CISPR|ANSI)")


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    settings = Settings(home=tmp_path_factory.mktemp("sample"))
    result = do_import(settings, *sample_files())
    assert result.ok, [str(i) for i in result.issues[:5]]
    return settings


def test_sample_is_marked_and_big_enough(sample: Settings) -> None:
    for path in sample_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("#") and "示例数据" in first and "sample data" in first
    with session_scope(sample) as session:
        st = service.stats(session=session)
        centers = service.list_centers(session=session)
    assert st.centers >= 60 and st.capabilities >= 400 and st.experts >= 200
    kinds = Counter(c.kind for c in centers)
    for kind in (CenterKind.quality_inspection_center, CenterKind.metrology_center,
                 CenterKind.public_service_platform, CenterKind.service_station):
        assert kinds[kind] >= 5, kind
    assert st.industries >= 15
    assert len(st.regions) >= 10
    assert {"operating", "preparing", "suspended"} <= set(st.centers_by_status)


def test_every_station_has_a_pool_of_ten(sample: Settings) -> None:
    with session_scope(sample) as session:
        centers = service.list_centers(session=session)
        experts = service.list_experts(session=session)
    stations = [c for c in centers if c.kind == CenterKind.service_station]
    assert stations
    for station in stations:
        assert rules.station_pool_ok(station, experts).ok, station.id


def test_experts_mix_qualified_and_unqualified_leads(sample: Settings) -> None:
    with session_scope(sample) as session:
        experts = service.list_experts(session=session)
    verdicts = Counter(rules.qualifies_as_lead(e).ok for e in experts)
    assert verdicts[True] >= 50 and verdicts[False] >= 30
    assert len({e.title_level for e in experts}) >= 4 and len({e.degree for e in experts}) >= 3
    assert sum(1 for e in experts if e.conflicts) >= 5


def test_capabilities_are_specific(sample: Settings) -> None:
    with session_scope(sample) as session:
        caps = service.list_capabilities(session=session)
    titles = [c.title for c in caps]
    assert len(set(titles)) >= 0.97 * len(titles)
    assert all(len(t) >= 6 for t in titles)
    standards = [s for c in caps for s in (c.standards or [])]
    assert len(standards) >= 150
    odd = [s for s in standards if not STANDARD_RE.match(s)]
    assert not odd, odd[:10]
