"""Large synthetic catalogs (10k to 1M capabilities) for benchmarks.

Text is assembled from small vocabularies so it looks like the domain to a tokenizer and an embedding model; it is
deliberately not sample data a person should read. Deterministic for a given seed.
"""

from __future__ import annotations

import json
import os
import random
import tempfile
from pathlib import Path

from kb.vocab import CenterKind, ServiceType

PROVINCES = ["江苏省南京市", "江苏省苏州市", "浙江省杭州市", "浙江省宁波市", "广东省广州市", "广东省深圳市",
             "山东省青岛市", "四川省成都市", "湖北省武汉市", "安徽省合肥市", "福建省厦门市", "河南省郑州市",
             "湖南省长沙市", "江西省南昌市", "上海市", "天津市", "陕西省西安市", "辽宁省沈阳市"]
INDUSTRIES = ["动力电池", "储能", "新能源汽车", "汽车零部件", "高端装备制造", "新材料", "医疗器械", "电线电缆", "光伏",
              "家用电器", "纺织服装", "食品", "化工", "建筑材料", "电子信息", "轨道交通", "钨与稀土", "集成电路"]
PRODUCTS = ["锂离子电池", "电池模组", "充电桩", "电机控制器", "轴承", "齿轮箱", "医用导管", "呼吸机", "光伏组件",
            "逆变器", "电力电缆", "空调压缩机", "纺织面料", "婴幼儿食品", "涂料", "陶瓷砖", "印制电路板", "传感器",
            "稀土永磁体", "硬质合金刀具", "芯片封装", "螺栓紧固件", "塑料管材", "钢结构件"]
ACTIONS = ["性能检测", "可靠性试验", "失效分析", "寿命评估", "安全评价", "校准", "检定", "关键参数测量",
           "环境适应性试验", "电磁兼容测试", "化学成分分析", "力学性能测试", "标准研制", "小试中试", "工艺优化",
           "质量提升咨询", "认证辅导", "数字化质量管理诊断"]
CONDITIONS = ["高温高湿", "低温", "盐雾", "振动冲击", "过充过放", "热滥用", "长期老化", "高海拔", "强电磁干扰"]
SERVICE_BY_ACTION = {
    "校准": ServiceType.calibration, "检定": ServiceType.calibration,
    "关键参数测量": ServiceType.key_parameter_measurement, "失效分析": ServiceType.quality_evaluation,
    "寿命评估": ServiceType.quality_evaluation, "安全评价": ServiceType.quality_evaluation,
    "标准研制": ServiceType.standards, "小试中试": ServiceType.rnd, "工艺优化": ServiceType.rnd,
    "质量提升咨询": ServiceType.training_consulting, "认证辅导": ServiceType.qualification_consulting,
    "数字化质量管理诊断": ServiceType.digital_quality,
}
KINDS = [CenterKind.quality_inspection_center, CenterKind.metrology_center, CenterKind.public_service_platform,
         CenterKind.service_station]


def synthetic_records(*, capabilities: int, seed: int = 7, per_center: int = 8) -> list[dict[str, object]]:
    rng = random.Random(seed)
    n_centers = max(1, capabilities // per_center)
    records: list[dict[str, object]] = []
    for c in range(n_centers):
        industries = rng.sample(INDUSTRIES, 2)
        region = rng.choice(PROVINCES)
        records.append({
            "type": "center", "id": f"syn-c{c:07d}",
            "name": f"{region}{industries[0]}质量检验检测中心（合成{c}）",
            "kind": rng.choice(KINDS).value, "region": region, "industries": industries,
            "qualifications": ["CMA", "CNAS"] if rng.random() < 0.7 else ["CMA"],
            "capacity": rng.randint(3, 40),
        })
    for i in range(capabilities):
        product, action, cond = rng.choice(PRODUCTS), rng.choice(ACTIONS), rng.choice(CONDITIONS)
        stype = SERVICE_BY_ACTION.get(action, ServiceType.inspection_testing)
        records.append({
            "type": "capability", "id": f"syn-k{i:08d}", "center_id": f"syn-c{i % n_centers:07d}",
            "title": f"{product}{action}",
            "description": (
                f"面向{rng.choice(INDUSTRIES)}企业，开展{product}在{cond}条件下的{action}，出具报告并提供改进建议。"
            ),
            "service_types": [stype.value], "industries": [rng.choice(INDUSTRIES)],
            "qualifications": ["CMA", "CNAS"] if stype == ServiceType.inspection_testing else [],
        })
    return records


def write_synthetic_catalog(*, out: Path, capabilities: int, seed: int = 7) -> dict[str, int]:
    records = synthetic_records(capabilities=capabilities, seed=seed)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("# innodock 合成基准数据（synthetic benchmark data）\n")
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    os.replace(tmp, out)
    counts: dict[str, int] = {}
    for rec in records:
        counts[str(rec["type"])] = counts.get(str(rec["type"]), 0) + 1
    return counts
