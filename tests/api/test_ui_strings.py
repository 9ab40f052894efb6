"""The page strings as templates reach them: a string whose name is also a dict method (``copy``) must not be read as
``t.copy``, which Jinja resolves to the method (the API-key page's copy button once read "<built-in method copy of
dict object…>")."""

from __future__ import annotations

import re
from pathlib import Path

from api.pages import ui_i18n
from api.pages.ui_i18n import DICT_ATTRIBUTES, MERGED

TEMPLATES = Path(__file__).resolve().parents[2] / "api" / "templates"


def test_no_template_reads_a_string_named_like_a_dict_method_as_an_attribute() -> None:
    # ``t.get('key', fallback)`` calls the method on purpose; only a bare ``t.copy`` read as a string is the bug.
    pattern = re.compile(r"\bt\.(" + "|".join(sorted(DICT_ATTRIBUTES)) + r")\b(?!\s*\()")
    offenders = [f"{path.name}: t.{m.group(1)}" for path in sorted(TEMPLATES.glob("*.html"))
                 for m in pattern.finditer(path.read_text(encoding="utf-8"))]
    assert not offenders, offenders
    assert "copy" in MERGED["zh"]  # the one such string today; the check above is what keeps it safe


def test_the_copy_button_renders_its_label() -> None:
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    source = (TEMPLATES / "ui_admin_key_created.html").read_text(encoding="utf-8")
    button = next(line for line in source.splitlines() if "data-copy=" in line)
    html = env.from_string(button).render(t=MERGED["zh"])
    assert html.endswith(f">{MERGED['zh']['copy']}</button>"), html


def test_no_string_is_given_two_texts_by_the_tables_merged() -> None:
    # Walk finding (a center's day, 2026-11-29): the provider's entry page was headed "个人信息" / "Your details",
    # the account page's "profile", because the console's table, merged later, gave "profile" its own text and won.
    tables = {name: getattr(ui_i18n, name) for name in dir(ui_i18n)
              if name.endswith("_STRINGS") or name == "STRINGS"}
    tables = {n: t for n, t in tables.items() if isinstance(t, dict) and set(t) >= {"zh", "en"}}
    assert len(tables) >= 10, sorted(tables)
    for lang in ("zh", "en"):
        seen: dict[str, tuple[str, str]] = {}
        twice = []
        for name, table in tables.items():
            for key, text in table[lang].items():
                if key in seen and seen[key][1] != text:
                    twice.append(f"{lang} {key}: {seen[key][0]} {seen[key][1]!r} / {name} {text!r}")
                seen.setdefault(key, (name, text))
        assert not twice, twice


def test_one_answered_question_is_one_question_in_english() -> None:
    # Walk finding (the enterprise's day walked again, 2026-11-29): a questionnaire with one answer read
    # "Questionnaire answered (1 questions)".
    from jinja2 import Environment, FileSystemLoader

    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True)
    source = (TEMPLATES / "ui_engagement.html").read_text(encoding="utf-8")
    line = next(line for line in source.splitlines() if "questionnaire_answered" in line).strip()
    said = {(lang, n): env.from_string(line).render(t=MERGED[lang], f={"answers": list(range(n))})
            for lang in ("zh", "en") for n in (1, 5)}
    assert said["en", 1] == "<p>Questionnaire answered (1 question)</p>", said
    assert said["en", 5] == "<p>Questionnaire answered (5 questions)</p>", said
    assert said["zh", 1] == "<p>已填写服务质量问卷（回答 1 题）</p>", said
