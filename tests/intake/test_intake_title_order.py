"""A need's title named the service types in their list's (the enum's) order, not the order the enterprise said them:
probe26's p253 asked for joint R&D on a heat sink ("散热结构的优化设计") and added a patent last ("另外研发成果想一起申
请专利"), and its title turned from "光伏逆变器优化需求" to "光伏逆变器申请专利需求". The title names the service the
enterprise said first (``intake.publish.derive_title``)."""

from __future__ import annotations

import json
from pathlib import Path

from core.settings import Settings
from intake.publish import derive_title
from intake.schemas import Need
from kb.vocab import ServiceType
from tests.intake.test_intake_chat_probe6 import _drive

PROBE26 = Path(__file__).parent / "data" / "dialogues_probe26.jsonl"


def test_p253_s_title_keeps_the_work_said_first(intake_settings: Settings) -> None:
    [p253] = [json.loads(line) for line in PROBE26.read_text(encoding="utf-8").splitlines() if '"p253"' in line]
    views = _drive(intake_settings, p253["messages"])
    before, after = views[-2].need, views[-1].need
    assert after.service_types == [ServiceType.ip, ServiceType.rnd]  # the patent added
    assert after.title == before.title and "专利" not in (after.title or ""), after.title


def _need(text: str, phrases: dict[ServiceType, str]) -> Need:
    return Need(text=text, product="光伏逆变器", service_types=sorted(phrases, key=list(ServiceType).index),
                phrases=phrases)


def test_the_title_names_the_service_in_the_order_said() -> None:
    rnd_first = _need("我们做光伏逆变器，想找机构合作做散热结构的优化设计\n另外研发成果想一起申请专利",
                      {ServiceType.rnd: "优化设计", ServiceType.ip: "申请专利"})
    assert derive_title(rnd_first) == "光伏逆变器优化设计需求"
    ip_first = _need("我们做光伏逆变器，想先申请专利\n另外还想找机构合作做散热结构的优化设计",
                     {ServiceType.ip: "申请专利", ServiceType.rnd: "优化设计"})
    assert derive_title(ip_first) == "光伏逆变器申请专利需求"
