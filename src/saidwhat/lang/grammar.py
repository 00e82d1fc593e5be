"""The parse labels the rules read, and each language's map onto them.

The rules (quotes, speakers, enrich) compare `token.dep_` and `token.tag_` with a fixed set of
roles: the dependency names of the ClearNLP scheme and the Penn Treebank tags, which the English
pipeline produces as they are. A language keeps its parser's labels in one module,
`lang/<lang>/grammar.py`, with two maps, DEPENDENCIES and TAGS (its label -> a role), as spaCy
keeps a language's parse labels in `lang/<xx>/syntax_iterators.py`. When a language's maps are
not the identity, the `saidwhat_roles` pipeline component rewrites the labels of every parsed
Doc into roles, so a second language is a new folder, not edits in the rules.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ModelError

# The roles: English's labels (lang/en/grammar.py) are the reference.
_EN = importlib.import_module(f"{__package__}.en.grammar")
DEPENDENCY_ROLES = frozenset(_EN.DEPENDENCIES.values())
TAG_ROLES = frozenset(_EN.TAGS.values())


@dataclass(frozen=True)
class Grammar:
    lang: str
    dependencies: dict[str, str]
    tags: dict[str, str]

    @property
    def identity(self) -> bool:
        return all(k == v for k, v in self.dependencies.items()) and all(k == v for k, v in self.tags.items())


def make_grammar(lang: str, dependencies: dict[str, str], tags: dict[str, str]) -> Grammar:
    """A language's grammar, checked: every label must map onto a role the rules know."""
    bad = sorted({v for v in dependencies.values() if v not in DEPENDENCY_ROLES} |
                 {v for v in tags.values() if v not in TAG_ROLES})
    if bad:
        raise ModelError(f"lang/{lang}/grammar.py maps labels onto unknown roles: {', '.join(bad)}")
    return Grammar(lang, dict(dependencies), dict(tags))


@lru_cache(maxsize=None)
def grammar(lang: str) -> Grammar:
    """The grammar of `lang` (its `lang/<lang>/grammar.py`)."""
    try:
        module = importlib.import_module(f"{__package__}.{lang}.grammar")
    except ImportError as exc:
        raise ModelError(f"no parse-label map for language {lang!r}: write saidwhat/lang/{lang}/grammar.py "
                         f"(DEPENDENCIES and TAGS onto the roles in saidwhat/lang/en/grammar.py)") from exc
    return make_grammar(lang, module.DEPENDENCIES, module.TAGS)


def to_roles(doc: Doc, g: Grammar) -> Doc:
    """Rewrite the dependency labels and tags of `doc` into roles; a label the map does not know
    becomes "dep" (unclassified) and a tag "XX"."""
    for tok in doc:
        tok.dep_ = g.dependencies.get(tok.dep_, "dep")
        if tok.tag_:
            tok.tag_ = g.tags.get(tok.tag_, "XX")
    return doc


@Language.component("saidwhat_roles")
def roles_component(doc: Doc) -> Doc:
    """The last component of a non-English pipeline: its labels become the roles the rules read."""
    return to_roles(doc, grammar(doc.lang_))
