"""What a filing must hold before it is received (issue 29, item 5), in one named place.

- **Parts.** An obligation of the provider's profile that names ``parts`` asks for each of them, each citing its
  clause: the annual work report of seed 002 四(一) (能力保持、管理运行、业务开展、科研创新、社会责任履行), the
  follow-up capability plan of seed 004 七(三) (the plan, its progress, the key projects). A filing missing one is
  refused naming it (field ``content.parts.<key>``); nothing is stored.
- **A rating behind an evaluation.** The periodic evaluation (:data:`RATED`: seed 003 art. 14 三年评估, seed 002 四(二)
  定期评估考核, seed 000 §8.1 定期评价) closes only on a completed rating run of the provider — second or third party,
  complete, for a period inside the obligation's cycle — named by ``content.run_id``. Evaluation's run is handed in as
  plain data (:class:`RatingRef`) by ``flows.obligations``: this package does not import evaluation.
- Any other obligation asks for its text, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.errors import InnodockError, refuse_all
from providers.profiles import Part, Profile

# The obligation kinds that close only on a completed rating run, and why.
RATED: dict[str, str] = {"evaluation": "seed 003 art. 14; seed 002 四(二); seed 000 §8.1"}
MAX_PART = 20_000
# A filing's own text: the whole of a report without parts (a quarterly service report), or the note beside the parts
# or the rating run. 5,000 characters is about three printed pages, room for a quarter's services, cases and figures
# said in full (an annual report is asked in parts of up to 20,000 each). It took
# any length (5,000 characters pasted through the provider page's 报送, a new user in Chromium, 2026-11-29).
MAX_TEXT = 5_000


@dataclass(frozen=True)
class RatingRef:
    """A rating run as a filing names it: whose, which years its period covers, whether it rates (second or third
    party, not a self-assessment) and whether it is complete (a total and stars)."""

    run_id: int
    center_id: str
    first_year: int
    last_year: int
    rates: bool
    complete: bool


def parts_for(profile: Profile, kind: str) -> tuple[Part, ...]:
    rule = profile.annual(kind)
    return rule.parts if rule is not None else ()


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _own_text(content: dict[str, Any]) -> str:
    """The filing's text, refused beyond :data:`MAX_TEXT` naming the field, its limit and the length given."""
    text = _text(content.get("text"))
    if len(text) > MAX_TEXT:
        raise InnodockError(f"“报送内容”不超过 {MAX_TEXT} 字（现 {len(text)} 字），请精简后报送 / what is filed "
                            f"may be at most {MAX_TEXT} characters ({len(text)} given): please shorten it",
                            field="content.text", code="too_long")
    return text


def checked(*, profile: Profile, kind: str, period: str, center_id: str, content: dict[str, Any],
            rating: RatingRef | None) -> dict[str, Any]:
    """The content to store for a filing of ``kind`` (period ``period``) under ``profile``, or a refusal naming the
    first part that is missing or wrong. ``rating``: the run ``content.run_id`` names, as flows read it."""
    if kind in RATED:
        return _rated(profile=profile, kind=kind, period=period, center_id=center_id, content=content,
                      rating=rating)
    parts = parts_for(profile, kind)
    if not parts:
        text = _own_text(content)
        if not text:
            raise InnodockError("请填写报送内容 / the form's text is required", field="content.text")
        return {**_rest(content), "text": text}
    given = content.get("parts")
    if given is not None and not isinstance(given, dict):
        raise InnodockError("parts 应为 {部分: 内容} / parts must be an object", field="content.parts")
    given = given or {}
    # Every part missing or too long, and the note too long, said at once, each on its field: a report of five parts
    # with three wrong was refused one part per submit (the product brief's "forms lose input on errors").
    found: list[InnodockError] = [InnodockError(f"没有这一部分：{key} / no such part", field=f"content.parts.{key}")
                                  for key in sorted(set(given) - {p.key for p in parts})]
    filled: dict[str, str] = {}
    for part in parts:
        text = _text(given.get(part.key))
        if not text:
            found.append(InnodockError(f"缺少“{part.zh}”（{part.clause}）/ the filing lacks “{part.en}” "
                                       f"({part.clause})", field=f"content.parts.{part.key}",
                                       code="filing_part_missing"))
        elif len(text) > MAX_PART:
            found.append(InnodockError(f"“{part.zh}”不超过 {MAX_PART} 字（现 {len(text)} 字），请精简后报送 / "
                                       f"“{part.en}” may be at most {MAX_PART} characters ({len(text)} given)",
                                       field=f"content.parts.{part.key}", code="too_long"))
        filled[part.key] = text
    try:
        note = _own_text(content)
    except InnodockError as exc:
        found.append(exc)
    refuse_all(found)
    whole = _parts_text(parts, filled) + (f"\n{note}" if note else "")
    return {**_rest(content), "parts": filled, "text": whole}


def _parts_text(parts: tuple[Part, ...], filled: dict[str, str]) -> str:
    """The parts as a filing's text begins: one line a part, "能力保持情况：…", in the profile's order."""
    return "\n".join(f"{p.zh}：{filled[p.key]}" for p in parts if p.key in filled)


def split_filing(profile: Profile, kind: str, content: dict[str, Any]) -> tuple[list[tuple[Part, str]], str] | None:
    """A filed report's parts, in the profile's order, and the note given beside them (what its text holds after
    the parts, as :func:`checked` wrote it): what a page shows one line a part. None when the filing has no
    parts, or its text is not the parts as this profile names them (a page shows the text as filed). The profile's
    order, not the stored object's: PostgreSQL's JSON keeps keys in an order of its own."""
    given = content.get("parts")
    parts = parts_for(profile, kind)
    if not isinstance(given, dict) or not given or not parts or not set(given) <= {p.key for p in parts}:
        return None
    filled = {str(k): str(v) for k, v in given.items()}
    whole, prefix = str(content.get("text") or ""), _parts_text(parts, filled)
    if not whole.startswith(prefix):
        return None
    return [(p, filled[p.key]) for p in parts if p.key in filled], whole[len(prefix):].strip()


def _rated(*, profile: Profile, kind: str, period: str, center_id: str, content: dict[str, Any],
           rating: RatingRef | None) -> dict[str, Any]:
    clause = RATED[kind]
    if content.get("run_id") in (None, ""):
        raise InnodockError(f"定期评价须以一次已完成的评级为准，请指明评价记录（{clause}）/ a periodic evaluation "
                            "closes only on a completed rating run: name it", field="content.run_id",
                            code="rating_required")
    if rating is None:
        raise InnodockError("没有这条评价记录 / no such evaluation run", field="content.run_id")
    if rating.center_id != center_id:
        raise InnodockError("该评价记录不是本机构的 / the run rates another provider", field="content.run_id")
    if not rating.rates:
        raise InnodockError("自评不能作为定期评价 / a self-assessment is not the periodic evaluation",
                            field="content.run_id", code="rating_required")
    if not rating.complete:
        raise InnodockError("该评价尚未完成（没有总分和星级）/ the run is not complete (no total and stars)",
                            field="content.run_id", code="rating_incomplete")
    rule = profile.annual(kind)
    cycle = rule.cycle if rule is not None else 1
    year = int(period) if period.isdigit() else None
    if year is not None and not (year - cycle + 1 <= rating.first_year and rating.last_year <= year):
        raise InnodockError(f"评价期间须在 {year - cycle + 1}–{year} 年内 / the run's period must fall within "
                            f"{year - cycle + 1}–{year}", field="content.run_id", code="rating_out_of_period")
    note = _own_text(content)
    return {**_rest(content), "run_id": rating.run_id,
            "text": note or f"评价记录 {rating.run_id} / evaluation run {rating.run_id}"}


def _rest(content: dict[str, Any]) -> dict[str, Any]:
    """What else the filer sent (an attachment's note), kept as given."""
    return {k: v for k, v in content.items() if k not in ("parts", "text", "run_id")}
