"""Legal standing in matching (issue 29, item 8; seed 000 §6.1): a routine test whose report must stand (a tender,
market access, a sampling inspection, read by intake) goes only to a provider holding CMA or CNAS for the item, and
the explanation cites the clause; an R&D need, or routine testing for the enterprise's own use, is not restricted.
The rule on ``rank_centers``, then the done-when case through ``flows.matching`` on a real knowledge base."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from core.db import session_scope
from core.settings import Settings
from flows import matching
from flows.matching import MatcherSetup
from kb.schemas import CapabilityRecord, CenterRecord
from kb.vocab import ServiceType
from matcher import service as matcher_service
from matcher.fusion import CapScore
from matcher.rank import rank_centers
from matcher.rules import LEGAL_STANDING_CITED, RULE_LEGAL_STANDING, check_legal_standing
from matcher.schemas import LegalPurpose, MatcherConfig, MatchQuery, MatchResult
from tests.matcher.matcher_helpers import NgramEmbedder, capability, center, write_kb

TENDER = LegalPurpose(purpose="tender", zh="招投标", en="a tender", phrase="投标")
CITED = "依据：《省级产品质量检验中心技术创新服务规范》第6.1条"


def _center(cid: str, **kw: Any) -> CenterRecord:
    return CenterRecord(id=cid, name=f"中心{cid}", kind="quality_inspection_center", **kw)


def _cap(cid: str, center_id: str, **kw: Any) -> CapabilityRecord:
    return CapabilityRecord(id=cid, center_id=center_id, title=f"能力{cid}",
                            service_types=kw.pop("service_types", ["inspection_testing"]), **kw)


def _run(centers: list[CenterRecord], caps: list[CapabilityRecord], query: MatchQuery) -> MatchResult:
    fused = {c.id: CapScore(cap_id=c.id, fused=0.8, dense=0.9, dense_norm=0.8, lexical=0.8, coverage=0.8)
             for c in caps}
    return rank_centers(fused=fused, capabilities={c.id: c for c in caps}, centers={c.id: c for c in centers},
                        query=query, config=MatcherConfig())


def test_the_clause_is_cited_as_the_pages_cite_it() -> None:
    assert LEGAL_STANDING_CITED == CITED


@pytest.mark.parametrize(("cap_marks", "center_marks", "ok"), [
    (["CMA"], None, True),               # the item's own mark
    (["CNAS"], ["CMA"], True),
    (None, ["CMA", "CNAS"], True),       # the item lists none: the center's marks stand for it
    (["ISO 9001"], ["CMA"], False),      # the item lists its marks, and neither is among them
    (None, None, False),
])
def test_routine_testing_for_a_tender_needs_cma_or_cnas_for_the_item(cap_marks: Any, center_marks: Any,
                                                                      ok: bool) -> None:
    query = MatchQuery(text="出具报告用于投标", service_types=[ServiceType.inspection_testing], legal_purpose=TENDER)
    check = check_legal_standing(_cap("a1", "a", qualifications=cap_marks), _center("a", qualifications=center_marks),
                                 query)
    assert check.ok is ok and check.rule == RULE_LEGAL_STANDING
    assert CITED in check.text and "招投标" in check.text


def test_the_rule_leaves_out_the_center_without_the_mark_and_says_why() -> None:
    centers = [_center("with", qualifications=["CMA"]), _center("without")]
    caps = [_cap("w1", "with", qualifications=["CMA"]), _cap("n1", "without")]
    tender = _run(centers, caps, MatchQuery(text="报告用于投标", service_types=[ServiceType.inspection_testing],
                                            legal_purpose=TENDER))
    assert [m.center_id for m in tender.matches] == ["with"]
    [out] = tender.excluded
    assert (out.center_id, out.rule) == ("without", RULE_LEGAL_STANDING) and CITED in out.text
    kept = [r for r in tender.matches[0].reasons if getattr(r, "rule", "") == RULE_LEGAL_STANDING]
    assert kept and CITED in kept[0].text  # the kept center's explanation says why it may serve
    # Routine testing for the enterprise's own use, and an R&D need with a tender in view, are not restricted.
    own_use = _run(centers, caps, MatchQuery(text="内部摸底", service_types=[ServiceType.inspection_testing]))
    assert sorted(m.center_id for m in own_use.matches) == ["with", "without"]
    rnd_caps = [_cap("w2", "with", service_types=["rnd"]), _cap("n2", "without", service_types=["rnd"])]
    rnd = _run(centers, rnd_caps, MatchQuery(text="联合研发，将来用于投标", service_types=[ServiceType.rnd],
                                             legal_purpose=TENDER))
    assert sorted(m.center_id for m in rnd.matches) == ["with", "without"]


KB = [
    center("c-cable-a", "江苏省电线电缆产品质量检验中心", region="江苏省无锡市", industries=["电线电缆"]),
    capability("cap-cable-a", "c-cable-a", "电力电缆常规检验", description="10kV电力电缆导体电阻、绝缘厚度、耐压试验。",
               qualifications=["CMA", "CNAS"]),
    center("c-cable-b", "某电缆技术服务平台", kind="public_service_platform", region="江苏省无锡市",
           industries=["电线电缆"]),
    capability("cap-cable-b", "c-cable-b", "电力电缆检测", description="10kV电力电缆导体电阻、绝缘厚度、耐压试验。"),
]
TENDER_NEED = "我们要参加国家电网的招标，需要对10kV电力电缆做导体电阻、绝缘厚度和耐压试验的常规检验，出具报告用于投标。"


def test_a_tender_need_is_not_matched_to_a_center_without_cma_for_the_item(settings: Settings) -> None:
    setup = MatcherSetup(embedder=NgramEmbedder())
    write_kb(settings, KB)
    try:
        matching.sync_index(setup=setup, settings=settings)

        def match(text: str, types: list[ServiceType]) -> MatchResult:
            with session_scope(settings) as session:
                [result] = matching.match_needs(session=session, settings=settings, setup=setup, top_k=5,
                                                needs=[MatchQuery(text=text, service_types=types)],
                                                today=date(2026, 6, 1))
            return result

        tender = match(TENDER_NEED, [ServiceType.inspection_testing])
        assert [m.center_id for m in tender.matches] == ["c-cable-a"]
        [out] = [e for e in tender.excluded if e.center_id == "c-cable-b"]
        assert out.rule == RULE_LEGAL_STANDING
        assert "招投标" in out.text and "CMA/CNAS" in out.text and CITED in out.text
        # The same test for the enterprise's own use goes to both.
        own = match("研发阶段摸底：10kV电力电缆导体电阻、绝缘厚度和耐压试验，内部参考",
                    [ServiceType.inspection_testing])
        assert {m.center_id for m in own.matches} == {"c-cable-a", "c-cable-b"}
    finally:
        matcher_service.reset()


@pytest.mark.parametrize(("purpose", "ok", "said"), [
    (LegalPurpose(purpose="legal_effect", zh="具有法律效力的报告", en="a report with legal effect", phrase="法律效力"),
     True, "报告须具法律效力（“法律效力”）；机构具备 CMA、CNAS 资质"),
    (LegalPurpose(purpose="legal_effect", zh="具有法律效力的报告", en="a report with legal effect", phrase="带CMA章"),
     False, "报告须具法律效力（“带CMA章”）；机构没有该项目的 CMA/CNAS 资质"),
    (TENDER, True, "报告用于招投标，须具法律效力；机构具备 CMA、CNAS 资质"),
])
def test_the_rule_is_said_in_sentences_that_read(purpose: LegalPurpose, ok: bool, said: str) -> None:
    """A new user's trial (2026-11-29): "报告用于具有法律效力的报告须具法律效力，机构具备 CMA、CNAS 资质" — the purpose
    "具有法律效力的报告" put where a use goes, two sentences run into one."""
    query = MatchQuery(text="需要具有法律效力的报告", service_types=[ServiceType.inspection_testing],
                       legal_purpose=purpose)
    check = check_legal_standing(_cap("a1", "a"), _center("a", qualifications=["CMA", "CNAS"] if ok else None), query)
    assert check.ok is ok
    assert check.text.split(" / ")[0].startswith(said), check.text
    assert "报告用于具有法律效力的报告" not in check.text
