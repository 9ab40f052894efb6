"""A process that stops inside an index rebuild (for the kill -9 test): prints "embedding" once it is there, and
waits to be killed."""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence

import numpy as np
from matcher_helpers import NgramEmbedder

from core.settings import Settings
from matcher import service


class SlowEmbedder(NgramEmbedder):
    model_id = "test-ngram-256-slow"  # its own id: the embedding cache has nothing for it, so it must embed

    def encode_document(self, texts: Sequence[str]) -> np.ndarray:
        print("embedding", flush=True)
        time.sleep(120)  # inside the rebuild until killed: the test kills it here, however busy the machine
        return super().encode_document(texts)


if __name__ == "__main__":
    service.build_index(settings=Settings(), embedder=SlowEmbedder(), force=True)
    sys.stdout.write("done\n")
