"""The quote check: is a quote really in the article? Only whitespace and quote-mark style may differ."""

from __future__ import annotations

from bot.analysis.models import HEADLINE_NOTE, Analysis, Claim

_QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
                              "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"'})
_OUTER = "\"' "


class NormalisedText:
    """The article with quote marks straightened and whitespace runs collapsed, mapped back to offsets."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        offsets: list[int] = []
        previous_space = False
        for index, char in enumerate(text.translate(_QUOTE_MARKS)):
            if char.isspace():
                if previous_space:
                    continue
                char, previous_space = " ", True
            else:
                previous_space = False
            chars.append(char)
            offsets.append(index)
        self.text = "".join(chars)
        self._offsets = offsets
        self._original_length = len(text)

    def find(self, quote: str) -> tuple[int, int] | None:
        """Character offsets of quote in the original text, or None."""
        needle = normalise(quote)
        if not needle:
            return None
        at = self.text.find(needle)
        if at < 0:
            # A model often wraps the quote in quotation marks the article puts elsewhere; try without them.
            stripped = needle.strip(_OUTER)
            if not stripped or stripped == needle or len(stripped) < 8:
                return None
            needle = stripped
            at = self.text.find(needle)
            if at < 0:
                return None
        end = at + len(needle) - 1
        return self._offsets[at], self._offsets[end] + 1


def normalise(text: str) -> str:
    return " ".join(text.translate(_QUOTE_MARKS).split())


def ground_claims(analysis: Analysis, index: NormalisedText | None = None) -> Analysis:
    """Check every claim's quote against the article; mark it and warn. Backends never set `grounded`."""
    index = index or NormalisedText(analysis.article.text)
    headline = normalise(analysis.article.title or "")
    missing = 0
    for claim in analysis.claims:
        _ground(claim, index)
        if not claim.grounded and HEADLINE_NOTE in claim.notes and normalise(claim.quote) in headline:
            claim.grounded = True  # the headline's claim, quoted from the title
        if claim.quote and not claim.grounded:
            missing += 1
    if missing:
        analysis.warnings.append(
            f"{missing} quote{'s' if missing != 1 else ''} from the model could not be found in the article "
            "and {} shown as unverified".format("is" if missing == 1 else "are"))
    return analysis


def _ground(claim: Claim, index: NormalisedText) -> None:
    """A quote cut with an ellipsis is checked on the words it keeps."""
    kept = claim.quote.strip().removesuffix("…").removeprefix("…").strip() if claim.quote else ""
    span = index.find(kept) if kept else None
    claim.grounded = span is not None
    claim.quote_start, claim.quote_end = span if span else (None, None)
