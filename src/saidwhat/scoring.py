"""The one piece of arithmetic the learned parts share: a linear score of named features turned into
a probability. Their weights are shipped as JSON in `lang/<lang>/` (cue ranker, relation scorer)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping


def logistic(bias: float, weights: Mapping[str, float] | Iterable[tuple[str, float]],
             feats: Mapping[str, float]) -> float:
    """The probability of a logistic regression: weights by feature name (a missing feature is 0);
    the score is clipped so that no input overflows."""
    pairs = weights.items() if isinstance(weights, Mapping) else weights
    z = bias + sum(w * feats.get(name, 0.0) for name, w in pairs)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
