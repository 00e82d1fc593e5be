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


class Forest:
    """A sum of regression trees (gradient boosting, trained with LightGBM by a script under
    `scripts/`), evaluated without LightGBM: the trees are turned into one Python function of
    nested comparisons when the file is loaded, so scoring one candidate costs a few hundred
    comparisons and no library call.

    The file holds, per tree, parallel lists `split` (feature index), `threshold`, `left`,
    `right` (a child >= 0 is a node, a child < 0 is leaf ~child) and `leaf` (leaf values); a
    value goes left when it is <= the threshold. Only numbers reach the generated code."""

    def __init__(self, names: list[str], trees: list[dict], base: float = 0.0):
        self.names = tuple(names)
        self.index = {n: i for i, n in enumerate(self.names)}
        lines = ["def forest(x):", f"    s = {float(base)!r}"]
        for tree in trees:
            lines.append(f"    s += {_tree_expr(tree, 0)}")
        lines.append("    return s")
        scope: dict = {}
        exec(compile("\n".join(lines), "<forest>", "exec"), scope)  # numbers only, see _tree_expr
        self._raw = scope["forest"]

    def raw(self, feats: Mapping[str, float]) -> float:
        return self._raw([float(feats.get(n, 0.0)) for n in self.names])

    def probability(self, feats: Mapping[str, float]) -> float:
        z = self.raw(feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _tree_expr(tree: dict, node: int) -> str:
    if not tree["split"]:  # a tree that is a single leaf
        return repr(float(tree["leaf"][0]))

    def child(c: int) -> str:
        return repr(float(tree["leaf"][~c])) if c < 0 else _tree_expr(tree, c)

    f, t = int(tree["split"][node]), float(tree["threshold"][node])
    return f"({child(int(tree['left'][node]))} if x[{f}] <= {t!r} else {child(int(tree['right'][node]))})"
