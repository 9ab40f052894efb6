"""The closed vocabularies of kb-v1 (../shared/formats/kb-v1.md), with their Chinese and English labels.

Intake, matcher and the UI read labels from here so a value means the same thing everywhere.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class CenterKind(StrEnum):
    quality_inspection_center = "quality_inspection_center"
    metrology_center = "metrology_center"
    public_service_platform = "public_service_platform"
    service_station = "service_station"
    other = "other"


class CenterStatus(StrEnum):
    operating = "operating"
    preparing = "preparing"
    # an application not yet approved (seed 002 二(二)1–2: applied or under review): in no public list, no
    # candidate of the matcher
    applying = "applying"
    suspended = "suspended"
    # once a provider approved and since revoked or withdrawn: still listed, marked 已撤销 (a public notice)
    withdrawn = "withdrawn"
    # an application that ended without approval (rejected, or withdrawn before 批准筹建, seed 002 二(二)2): it was
    # never a provider, so never public, never a candidate, never 已撤销 (a new user's trial, 2026-11-29)
    not_approved = "not_approved"


# The statuses of a provider never approved (applying, or its application ended): in no public list, no public page,
# not in the feed, never a candidate of the matcher. The one rule the catalog and matching read.
NEVER_APPROVED: frozenset[CenterStatus] = frozenset({CenterStatus.applying, CenterStatus.not_approved})


class ServiceType(StrEnum):
    inspection_testing = "inspection_testing"
    quality_evaluation = "quality_evaluation"
    standards = "standards"
    ip = "ip"
    rnd = "rnd"
    project_transfer = "project_transfer"
    qualification_consulting = "qualification_consulting"
    calibration = "calibration"
    key_parameter_measurement = "key_parameter_measurement"
    metrology_innovation = "metrology_innovation"
    lifecycle_metrology = "lifecycle_metrology"
    training_consulting = "training_consulting"
    infrastructure_collab = "infrastructure_collab"
    information = "information"
    brand = "brand"
    digital_quality = "digital_quality"


class TitleLevel(StrEnum):
    senior = "senior"
    associate_senior = "associate_senior"
    intermediate = "intermediate"
    junior = "junior"
    none = "none"


class Degree(StrEnum):
    doctorate = "doctorate"
    master = "master"
    bachelor = "bachelor"
    other = "other"


KIND_LABELS: dict[CenterKind, tuple[str, str]] = {
    CenterKind.quality_inspection_center: ("质检中心", "quality inspection center"),
    CenterKind.metrology_center: ("产业计量测试中心", "industrial metrology center"),
    CenterKind.public_service_platform: ("公共技术服务平台", "public technical service platform"),
    CenterKind.service_station: ("科技服务站", "science & technology service station"),
    CenterKind.other: ("其他", "other"),
}

STATUS_LABELS: dict[CenterStatus, tuple[str, str]] = {
    CenterStatus.operating: ("运行中", "operating"),
    CenterStatus.preparing: ("筹建中", "preparing"),
    CenterStatus.applying: ("申请中", "applying"),
    CenterStatus.suspended: ("暂停", "suspended"),
    CenterStatus.withdrawn: ("已撤销", "withdrawn"),
    CenterStatus.not_approved: ("未获批准", "never approved"),
}

SERVICE_TYPE_LABELS: dict[ServiceType, tuple[str, str]] = {
    ServiceType.inspection_testing: ("检验检测", "inspection and testing"),
    ServiceType.quality_evaluation: ("质量技术评价", "quality-technology evaluation"),
    ServiceType.standards: ("标准研制", "standards development"),
    ServiceType.ip: ("知识产权申请", "IP applications"),
    ServiceType.rnd: ("技术研发", "technology R&D"),
    ServiceType.project_transfer: ("科技项目与成果转化", "science projects and technology transfer"),
    ServiceType.qualification_consulting: ("资质与认定申报辅导", "qualification application consulting"),
    ServiceType.calibration: ("量值传递（检定、校准）", "calibration and verification"),
    ServiceType.key_parameter_measurement: ("关键参数测量", "key-parameter measurement"),
    ServiceType.metrology_innovation: ("计量科技创新", "metrology innovation"),
    ServiceType.lifecycle_metrology: ("全寿命周期计量", "life-cycle metrology"),
    ServiceType.training_consulting: ("质量技术培训与咨询", "quality training and consulting"),
    ServiceType.infrastructure_collab: ("质量基础设施“一站式”协同服务", "one-stop quality-infrastructure service"),
    ServiceType.information: ("质量科技信息咨询", "quality and technology information"),
    ServiceType.brand: ("品牌建设", "brand building"),
    ServiceType.digital_quality: ("数字化质量管理", "digital quality management"),
}

_SERVICE_TYPE_BY_NAME: dict[str, ServiceType] = {
    **{kind.value: kind for kind in ServiceType},
    **{name.casefold(): kind for kind, pair in SERVICE_TYPE_LABELS.items() for name in pair}}


def service_type_named(text: str) -> ServiceType | None:
    """A service type by its kb-v1 code or its name in either language ("检验检测", "inspection and testing"), as the
    forms that list categories by name send them back; None for any other words."""
    text = text.strip()
    return _SERVICE_TYPE_BY_NAME.get(text) or _SERVICE_TYPE_BY_NAME.get(text.casefold())

# What people call the work of each category, so a person can find its category when choosing one (the need card's
# chips, the chat's question): the enterprise's phrases, not the seeds' names.
SERVICE_TYPE_EXAMPLES: dict[ServiceType, tuple[str, str]] = {
    ServiceType.inspection_testing: ("型式试验、送检、按国标检测、出具CMA/CNAS报告、CCC/CE认证",
                                     "type tests, sample testing, testing to a standard, CMA/CNAS reports, "
                                     "CCC or CE certification"),
    ServiceType.quality_evaluation: ("失效分析、查找原因、非标检测、新产品评价、可靠性评估",
                                     "failure analysis, root cause, non-standard tests, new-product evaluation, "
                                     "reliability"),
    ServiceType.standards: ("起草或修订国标、行标、团标", "drafting or revising national, industry or group standards"),
    ServiceType.ip: ("专利申请、专利布局", "patent applications and portfolios"),
    ServiceType.rnd: ("联合研发、工艺改进、小试中试", "joint R&D, process improvement, pilot and small-batch trials"),
    ServiceType.project_transfer: ("科技项目申报、成果转化", "science project applications, commercialising results"),
    ServiceType.qualification_consulting: ("高新技术企业、专精特新、实验室认可申报",
                                           "high-tech enterprise, SRDI (\"little giant\") and lab accreditation "
                                           "applications"),
    ServiceType.calibration: ("仪器校准、检定、量值溯源", "calibrating and verifying instruments, traceability"),
    ServiceType.key_parameter_measurement: ("关键、极端或新参数测量，现有设备测不了",
                                            "key, extreme or new parameters ordinary instruments cannot measure"),
    ServiceType.metrology_innovation: ("专用测量装置、检测设备研制", "building a special measuring device"),
    ServiceType.lifecycle_metrology: ("从设计、研制到使用的全过程计量保障",
                                      "metrology support from design and development to use"),
    ServiceType.training_consulting: ("质量培训、质量管理咨询、ISO 9001体系认证",
                                      "quality training and quality-management consulting, ISO 9001 "
                                      "certification"),
    ServiceType.infrastructure_collab: ("计量、标准、检测、认证一站式服务",
                                        "metrology, standards, testing and certification in one place"),
    ServiceType.information: ("法规、政策、适用标准查询", "regulations, policies, which standards apply"),
    ServiceType.brand: ("品牌策划、培育与保护、质量品牌评选",
                        "brand planning, building and protection, quality awards"),
    ServiceType.digital_quality: ("质量数字化、MES质量模块、SPC", "digital quality management, MES quality modules, "
                                                                 "SPC"),
}

# The professional title's grade (职称等级) as English names the grades: 副高级 is the senior grade's associate rank,
# not "associate senior" (the English pages' walk, 2026-11-28). The one place the pages and the matcher's reasons read.
TITLE_LABELS: dict[TitleLevel, tuple[str, str]] = {
    TitleLevel.senior: ("正高级", "senior (full)"),
    TitleLevel.associate_senior: ("副高级", "senior (associate)"),
    TitleLevel.intermediate: ("中级", "intermediate"),
    TitleLevel.junior: ("初级", "junior"),
    TitleLevel.none: ("无职称", "none"),
}

DEGREE_LABELS: dict[Degree, tuple[str, str]] = {
    Degree.doctorate: ("博士", "doctorate"),
    Degree.master: ("硕士", "master"),
    Degree.bachelor: ("学士", "bachelor"),
    Degree.other: ("其他", "other"),
}


# kb-v1's record fields as a person who filled in a form knows them (both languages): a refusal of a record entered by
# a form (an application) names the field so, never by its key ("name: 不能为空" named a field the form calls 名称;
# the provider's life walked as a new user, 2026-11-28). The words are the pages' own labels for the same fields.
RECORD_FIELD_LABELS: dict[str, tuple[str, str]] = {
    "id": ("机构编号", "ID"),
    "name": ("名称", "Name"),
    "kind": ("机构类型", "Provider type"),
    "status": ("状态", "Status"),
    "region": ("所在地区", "Region"),
    "industries": ("服务产业", "Industries"),
    "qualifications": ("资质", "Qualifications"),
    "expert_pools": ("专家库", "Expert pools"),
    "description": ("机构简介", "Description"),
    "capacity": ("可同时承接", "Concurrent engagements"),
    "contact": ("联系人", "Contact"),
    "staff_total": ("总人数", "Staff in all"),
    "staff_innovation": ("技术创新服务人员", "Staff in innovation services"),
    "staff_innovation_advanced": ("其中硕士或副高及以上", "Of them master's or associate-senior and above"),
    "staff_full_time": ("专职人员", "Full-time staff"),
    "staff_part_time": ("兼职人员", "Part-time staff"),
    "head": ("站长", "Station head"),
    "head.name": ("站长姓名", "Station head's name"),
    "head.post": ("在依托单位的职务", "Post in the host organisation"),
    "head.middle_management": ("担任依托单位中层及以上职务", "Middle management or above"),
    "head.years_quality": ("质量工作年限", "Years of quality work"),
    "head.certificate": ("站长证书编号", "Station head's certificate"),
    "head.certificate_valid_until": ("站长证书有效期至", "Certificate valid until"),
}


def record_field_label(field: str, lang: str) -> str:
    """A kb-v1 field path ("head.years_quality", "industries.0") in words; a path no label knows stays as it is."""
    parts = [p for p in field.split(".") if not p.isdigit()]
    for key in (".".join(parts), parts[-1] if parts else ""):
        if key in RECORD_FIELD_LABELS:
            return RECORD_FIELD_LABELS[key][0 if lang == "zh" else 1]
    return field


# The fields whose values are a closed vocabulary's codes, by the labels above.
_VALUE_LABELS: dict[str, dict[Any, tuple[str, str]]] = {
    "service_types": SERVICE_TYPE_LABELS, "kind": KIND_LABELS, "status": STATUS_LABELS,
    "title_level": TITLE_LABELS, "degree": DEGREE_LABELS,
}


def value_words(field: str, value: Any, lang: str) -> str:
    """A kb-v1 field's value as a person reads it: a code by its label, a list joined as a sentence joins it, a record
    or a part of one as its labelled fields. The association's review of a center's change read
    ``["inspection_testing"] → ["inspection_testing", "key_parameter_measurement"]`` (a new user's trial, 2026-11-29);
    the labels are this module's, so a value reads there as everywhere else."""
    i = 0 if lang == "zh" else 1
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("是", "yes")[i] if value else ("否", "no")[i]
    if isinstance(value, list):
        return ("、", ", ")[i].join(w for w in (value_words(field, v, lang) for v in value) if w)
    if isinstance(value, dict) and value and set(value) <= {"province", "city", "district"}:  # a region
        return ("", ", ")[i].join(str(v) for v in value.values() if v)
    if isinstance(value, dict):
        said = [(record_field_label(k, lang), value_words(k, v, lang)) for k, v in value.items()
                if k not in ("type", "id", "center_id")]
        return ("；", "; ")[i].join(f"{k}{('：', ': ')[i]}{v}" for k, v in said if v)
    labels = _VALUE_LABELS.get(([p for p in field.split(".") if not p.isdigit()] or [""])[-1])
    if labels is not None and value in labels:
        return labels[value][i]
    return str(value)
