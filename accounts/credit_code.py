"""The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters, the last a check character."""

from __future__ import annotations

import re

from core.errors import InnodockError

# GB 32100-2015 §4: the code's alphabet (no I, O, S, V, Z) and the weights of positions 1-17 (3^(i-1) mod 31).
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_SHAPE = re.compile(rf"[{ALPHABET}]{{18}}")


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def normalise_credit_code(text: str) -> str:
    """Upper-case, strip, and check shape and check character; raise an error a user can act on."""
    code = text.strip().upper()
    odd = next((ch for ch in code if ch in "IOSVZ"), None)
    if len(code) == 18 and odd is not None:  # 18 digits and capitals, one a letter the code leaves out
        raise InnodockError(f"统一社会信用代码不使用字母 I、O、S、V、Z，请核对“{odd}” / the unified social credit code "
                            f"never uses the letters I, O, S, V or Z: check “{odd}”", field="credit_code")
    if not _SHAPE.fullmatch(code):
        raise InnodockError(
            "统一社会信用代码应为18位数字或大写字母 / the unified social credit code must be 18 digits or capitals",
            field="credit_code",
        )
    if check_character(code[:17]) != code[17]:
        raise InnodockError("统一社会信用代码校验位不正确 / the credit code's check character is wrong",
                            field="credit_code")
    return code
