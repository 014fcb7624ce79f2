"""The article's grammar: one parse per article, behind one module (pipeline.py is the only spaCy import).

The rest of the code sees `Parsed`, a typed, read-only view of sentences, tokens, noun phrases and named
entities, so the finder, the entities and the model path's checks share one parse.
"""

from .detect import is_english, language_name, language_of
from .document import Entity, Parsed, Sentence, Token
from .pipeline import LanguageModelError, configure, forget, is_loaded, load, model_files, parse

__all__ = ["Entity", "LanguageModelError", "Parsed", "Sentence", "Token", "configure", "forget", "is_english",
           "is_loaded", "language_name", "language_of", "load", "model_files", "parse"]
