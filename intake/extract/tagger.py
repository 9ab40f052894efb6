"""jieba's part-of-speech tagger over its default dictionary, built once per process and shared.

Why a module of its own: building a tagger reads jieba's whole word-tag dictionary (≈ 0.3 s, and the tokenizer's
≈ 1 s before it), which per message once cost a sixth of an API worker's time (see intake/content.py). The extractor
cannot use intake.content's copy, because intake.content imports intake.extract; this one imports nothing of ours,
so any intake module may share it.
"""

from __future__ import annotations

import logging
import threading
from typing import Any


class _Tagger:
    _tok: Any = None
    _tagger: Any = None
    _lock = threading.Lock()

    @classmethod
    def get(cls) -> Any:
        with cls._lock:
            if cls._tagger is None:
                import jieba
                import jieba.posseg

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                cls._tok = tok
                cls._tagger = jieba.posseg.POSTokenizer(tok)
            return cls._tagger


def pos_tagger() -> Any:
    """The shared ``jieba.posseg.POSTokenizer`` (its ``lcut(text, HMM=...)`` gives ``pair.word``/``pair.flag``)."""
    return _Tagger.get()


__all__ = ["pos_tagger"]


def tokenizer() -> Any:
    """The ``jieba.Tokenizer`` the shared tagger stands on (its dictionary, ``FREQ``, and ``lcut``)."""
    _Tagger.get()
    return _Tagger._tok
