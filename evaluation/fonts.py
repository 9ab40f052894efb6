"""Find a CJK font for charts so no Chinese glyph is missing; fall back to English labels when there is none.

matplotlib's font cache may predate a font package installed later (``fonts-noto-cjk``), so besides the cache this
scans the system font folders directly and registers what it finds.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

# Families in order of preference; file-name patterns catch fonts the cache does not know yet.
CJK_FAMILIES = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback", "AR PL UMing CN", "SimHei", "Microsoft YaHei",
)
CJK_FILE_PATTERN = re.compile(
    r"(NotoSansCJK|NotoSerifCJK|NotoSansSC|SourceHanSans|SourceHanSerif|wqy-|DroidSansFallback|uming|simhei|msyh)",
    re.IGNORECASE,
)
CSS_FONT_STACK = (
    '"Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei", '
    '"WenQuanYi Micro Hei", "Droid Sans Fallback", sans-serif'
)


@functools.lru_cache(maxsize=1)
def find_cjk_font() -> Path | None:
    """Path of an installed CJK font file, or ``None``."""
    from matplotlib import font_manager  # heavy (~0.4 s): loaded when a chart is drawn, not with the package

    entries = sorted(font_manager.fontManager.ttflist, key=lambda f: f.fname)
    for family in CJK_FAMILIES:
        found = [f for f in entries if f.name == family]
        if found:
            # Regular weight reads best in small chart labels; any weight still has the glyphs.
            regular = [f for f in found if f.weight in (400, "normal", "regular", "book")]
            return Path((regular or found)[0].fname)
    files = sorted(font_manager.findSystemFonts(), key=lambda f: ("Regular" not in Path(f).name, f))
    for fname in files:
        if CJK_FILE_PATTERN.search(Path(fname).name):
            try:
                font_manager.fontManager.addfont(fname)
            except (OSError, RuntimeError, ValueError):
                continue
            return Path(fname)
    return None
