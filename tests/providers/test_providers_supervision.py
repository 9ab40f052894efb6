"""Supervision as seed 002 四(二) writes it (issue 29, item 4): 重点监管 is a state of its own — entered and ended by
the association's decision, the provider still operating, matched and flagged — and 通报批评 is a decision that
leaves the state as it is and is published with its date, reason and document."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from authz.vocab import Role
from core.db import session_scope
from core.errors import ConflictError, InnodockError, PermissionDeniedError
from core.settings import Settings
from flows import catalog, matching
from flows import providers as flow
from flows.events import MemoryOutbox
from kb import service as kb
from tests.providers.providerhelpers import ASSOC, QIC, TODAY, decision, person, seed

CENTER = QIC["id"]


def _step(settings: Settings, transition: str, payload: dict[str, Any], who: Any = ASSOC) -> Any:
    with session_scope(settings) as session:
        version = flow.provider(session=session, principal=ASSOC, center_id=CENTER, today=TODAY)[1].version
        return flow.advance(session=session, principal=who, center_id=CENTER, transition=transition,
                            version=version, payload=payload, today=TODAY, outbox=MemoryOutbox())


def test_key_supervision_is_a_state_of_its_own(settings: Settings, tmp_path: Path) -> None:
    seed(settings, tmp_path, [QIC])  # imported as operating, under seed 002's profile
    watched = _step(settings, "place_under_key_supervision",
                    decision("2026 年度评估考核为重点监管", TODAY, "沪市监检测〔2026〕12号"))
    assert (watched.state, watched.status.value) == ("key_supervision", "operating")  # still operating
    assert [f.code for f in watched.flags] == ["key_supervision"]
    with session_scope(settings) as session:
        assert kb.get_center(session=session, center_id=CENTER).effective_status.value == "operating"
        flags = matching.live_signals(session=session, today=TODAY).flags[CENTER]
        assert [f.code for f in flags if f.source == "lifecycle"] == ["key_supervision"]
        last = flow.provider(session=session, principal=ASSOC, center_id=CENTER, today=TODAY)[1].events[-1]
    assert last.payload["measure"] == {"profile": "shanghai_qic", "zh": "重点监管", "clause": "seed 002 四(二)",
                                       "reading": False}
    assert set(watched.allowed_transitions) >= {"end_key_supervision", "order_rectification", "publish_criticism"}
    with pytest.raises(ConflictError):  # not twice
        _step(settings, "place_under_key_supervision", decision("再次", TODAY, "x"))
    back = _step(settings, "end_key_supervision", decision("整改到位，恢复正常管理", TODAY, "沪市监检测〔2026〕20号"))
    assert back.state == "operating" and back.flags == []


def test_a_criticism_is_a_published_record_and_the_state_stays(settings: Settings, tmp_path: Path) -> None:
    seed(settings, tmp_path, [QIC])
    _step(settings, "place_under_key_supervision", decision("考核为重点监管", TODAY, "沪市监检测〔2026〕12号"))
    with pytest.raises(InnodockError) as no_reason:  # a criticism states its reason
        _step(settings, "publish_criticism", {"decided_on": TODAY.isoformat(), "decision_document": "x"})
    assert no_reason.value.field == "payload.grounds"
    # Walk finding (the association's day, 2026-11-29): the page's banner read "缺少必填内容" (and the API "Field
    # required"), naming no field; the message names it as the decision form labels it, in each language.
    assert no_reason.value.message == "缺少必填内容：依据 / Required: grounds"
    with pytest.raises(InnodockError) as no_date:
        _step(settings, "publish_criticism", {"grounds": "数据错误", "decision_document": "x"})
    assert no_date.value.message == "缺少必填内容：决定日期 / Required: decided on"
    with pytest.raises(PermissionDeniedError):  # never by the provider's own side
        _step(settings, "publish_criticism", decision("自我批评", TODAY, "x"),
              who=person(Role.center_coordinator, center_id=CENTER))
    with session_scope(settings) as session:
        assert catalog.criticisms(session=session, center_id=CENTER) == []  # nothing published by a refusal
    stays = _step(settings, "publish_criticism", decision("出具检测报告数据错误，经核查属实", TODAY,
                                                         "沪市监检测〔2026〕15号"))
    assert stays.state == "key_supervision"
    with session_scope(settings) as session:
        [published] = catalog.criticisms(session=session, center_id=CENTER)
    assert (published.decided_on, published.grounds, published.decision_document) == (
        TODAY, "出具检测报告数据错误，经核查属实", "沪市监检测〔2026〕15号")
