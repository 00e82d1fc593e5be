"""English parse labels, as the roles saidwhat's rules read (see `saidwhat.lang.grammar`).

en_core_web_sm labels dependencies in the ClearNLP scheme and tags words with the Penn Treebank
tag set. saidwhat's rules are written in those roles, so English maps each label to itself; a
language whose parser labels otherwise (German's TIGER "sb", "oc", "oa") maps its labels onto
these roles in its own `lang/<xx>/grammar.py`, and no rule changes.
"""

DEPENDENCIES = {label: label for label in (
    "ROOT", "acl", "acomp", "advcl", "advmod", "agent", "amod", "appos", "attr", "aux", "auxpass", "case",
    "cc", "ccomp", "compound", "conj", "csubj", "csubjpass", "dative", "dep", "det", "dobj", "expl",
    "intj", "mark", "meta", "neg", "nmod", "npadvmod", "nsubj", "nsubjpass", "nummod", "oprd",
    "parataxis", "pcomp", "pobj", "poss", "preconj", "predet", "prep", "prt", "punct", "quantmod",
    "relcl", "xcomp",
)}

TAGS = {tag: tag for tag in (
    "$", "''", ",", "-LRB-", "-RRB-", ".", ":", "ADD", "AFX", "CC", "CD", "DT", "EX", "FW", "HYPH", "IN",
    "JJ", "JJR", "JJS", "LS", "MD", "NFP", "NN", "NNP", "NNPS", "NNS", "PDT", "POS", "PRP", "PRP$", "RB",
    "RBR", "RBS", "RP", "SYM", "TO", "UH", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "WDT", "WP", "WP$",
    "WRB", "XX", "_SP", "``",
)}
