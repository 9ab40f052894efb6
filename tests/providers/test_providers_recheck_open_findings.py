"""Passing the rectification's re-check waits for every finding (a new user's trial, 2026-11-30): 整改复核通过 was
taken with no word while the provider's page said '整改项 10 项未关闭'. The rule is ``providers.guards._pass_recheck``
(seed 000 §8.2; seed 002 四(二) 限期整改; seed 003 art. 16 有效整改). The loop itself: test_providers_improvement."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.db import session_scope
from core.errors import ConflictError
from core.settings import Settings
from flows import improvement
from flows import providers as flow
from tests.providers.providerhelpers import ASSOC, STATION, decision
from tests.providers.test_providers_improvement import SENT, _advance, _apply, _decide_open, _evaluate, _operating


def test_passing_the_rectifications_recheck_with_findings_open_is_refused_naming_them(settings: Settings,
                                                                                     tmp_path: Path) -> None:
    """A new user's trial (2026-11-30): 整改复核通过 was taken with no word while the page said '整改项 10 项未关闭'.
    The seeds' rectification is 限期整改 then 复核 (seed 000 §8.2 应…实施改进; seed 002 四(二); seed 003 art. 16 有效
    整改): the decision waits for every finding's own re-check, refused 409 naming ``findings``, nothing changed."""
    SENT.events.clear()
    _apply(settings, tmp_path)
    day = date(2026, 3, 2)
    _operating(settings, day)
    eval_day = date(2027, 3, 10)
    _evaluate(settings, 0.2, eval_day)
    assert _decide_open(settings, "order_rectification", eval_day, "粤质促〔2027〕6号") == "rectifying"
    with session_scope(settings) as session:
        before = flow.provider(session=session, principal=ASSOC, center_id=STATION["id"], today=eval_day)[1]
        open_ = improvement.findings(session=session, principal=ASSOC, center_id=STATION["id"], open_only=True)
    assert open_
    with pytest.raises(ConflictError) as refused:
        _advance(settings, "pass_recheck", decision("复核通过", eval_day, "粤质促〔2027〕9号"), eval_day)
    assert refused.value.field == "findings" and refused.value.code == "findings_open"
    assert f"整改项 {len(open_)} 项未关闭" in refused.value.message
    assert f"{len(open_)} findings are still open" in refused.value.message
    assert open_[0].indicator_zh in refused.value.message
    with session_scope(settings) as session:
        after = flow.provider(session=session, principal=ASSOC, center_id=STATION["id"], today=eval_day)[1]
    assert (after.state, after.version, len(after.events)) == ("rectifying", before.version, len(before.events))
