"""`saidwhat eval`: quote attribution scored against gold documents."""

from .gold import GoldDoc, GoldQuote, read_gold
from .score import EvalResult, evaluate, render_scores, score_documents

__all__ = ["GoldDoc", "GoldQuote", "read_gold", "EvalResult", "evaluate", "render_scores", "score_documents"]
