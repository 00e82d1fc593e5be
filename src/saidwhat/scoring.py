"""The one piece of arithmetic the learned parts share: a linear score of named features turned into
a probability. Their weights are shipped as JSON in `lang/<lang>/` (cue ranker, relation scorer)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence


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
    value goes left when it is <= the threshold. Only checked, finite numbers reach the generated
    code; a tree deeper than MAX_INLINE_DEPTH is walked by a loop instead."""

    def __init__(self, names: list[str], trees: list[dict], base: float = 0.0):
        self.names = tuple(names)
        lines = ["def forest(x):", f"    s = {_number(base)!r}"]
        deep: list = []  # trees too deep to write as one expression are walked instead
        for tree in trees:
            checked = _checked(tree, len(self.names))
            if _depth(checked, 0) > MAX_INLINE_DEPTH:
                deep.append(_walker(checked))
                lines.append(f"    s += _deep[{len(deep) - 1}](x)")
            else:
                lines.append(f"    s += {_tree_expr(checked, 0)}")
        lines.append("    return s")
        scope: dict = {"_deep": deep}
        exec(compile("\n".join(lines), "<forest>", "exec"), scope)  # numbers only, see _checked
        self._raw = scope["forest"]

    def raw(self, feats: Mapping[str, float]) -> float:
        return self.raw_values([float(feats.get(n, 0.0)) for n in self.names])

    def raw_values(self, values: Sequence[float]) -> float:
        """The sum of the trees for feature values in the order of `names`."""
        return self._raw(values)

    def probability(self, feats: Mapping[str, float]) -> float:
        z = self.raw(feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


# Python's parser refuses expressions nested much deeper than this (200 parentheses).
MAX_INLINE_DEPTH = 60


def _number(v) -> float:
    x = float(v)
    if not math.isfinite(x):
        raise ValueError(f"a tree file holds a value that is not a finite number: {v!r}")
    return x


def _checked(tree: dict, n_features: int) -> dict:
    """The tree with every entry turned into a number and checked: feature indexes in range,
    children pointing inside the tree; anything else raises ValueError."""
    split = [int(f) for f in tree["split"]]
    left, right = [int(c) for c in tree["left"]], [int(c) for c in tree["right"]]
    threshold = [_number(t) for t in tree["threshold"]]
    leaf = [_number(v) for v in tree["leaf"]]
    if not leaf or len({len(split), len(left), len(right), len(threshold)}) != 1:
        raise ValueError("a tree's lists differ in length")
    if any(not 0 <= f < n_features for f in split):
        raise ValueError("a tree splits on a feature the file does not name")
    if any(not (-len(leaf) <= c < len(split)) or c == 0 for c in left + right):
        raise ValueError("a tree points outside itself")
    return {"split": split, "threshold": threshold, "left": left, "right": right, "leaf": leaf}


def _depth(tree: dict, node: int) -> int:
    if not tree["split"]:
        return 0
    stack, deepest = [(node, 1)], 0
    while stack:
        k, d = stack.pop()
        if d > 10_000:
            raise ValueError("a tree has a cycle")
        deepest = max(deepest, d)
        stack.extend((c, d + 1) for c in (tree["left"][k], tree["right"][k]) if c >= 0)
    return deepest


def _walker(tree: dict):
    split, threshold, left, right, leaf = (tree[k] for k in ("split", "threshold", "left", "right", "leaf"))

    def walk(x) -> float:
        if not split:
            return leaf[0]
        k = 0
        while k >= 0:
            k = left[k] if x[split[k]] <= threshold[k] else right[k]
        return leaf[~k]
    return walk


def _tree_expr(tree: dict, node: int) -> str:
    if not tree["split"]:  # a tree that is a single leaf
        return repr(tree["leaf"][0])

    def child(c: int) -> str:
        return repr(tree["leaf"][~c]) if c < 0 else _tree_expr(tree, c)

    return f"({child(tree['left'][node])} if x[{tree['split'][node]}] <= {tree['threshold'][node]!r} else {child(tree['right'][node])})"
