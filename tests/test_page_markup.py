"""Page markup that plain text would lose or garble: a block quotation of someone speaking stays a quotation
and its words are the speaker's; a hover card inside a sentence is cut out of it."""

from __future__ import annotations

from bot.analysis.offline import analyze_offline
from bot.reading.extraction import extract_html

_PAGE = """<html><head><title>Mill owner defends the sale of the riverside site</title></head><body><article>
<h1>Mill owner defends the sale of the riverside site</h1>
<p>The owner of the old paper mill in Dunmore has defended the sale of its riverside site to a housing developer,
after months of protests by residents who wanted a park there.</p>
<p>Selling was the only way to pay the mill's debts, Harriet Ode told the town council on Tuesday evening.</p>
<blockquote><p>I have spent ten years trying to find a buyer who would keep the site open, and we talked to every
trust in the county before we signed anything with the developer.</p></blockquote>
<p>The council will vote on the planning application next month, a spokesman said.</p>
<blockquote><p>The site shall be used for residential purposes only, with no more than 200 homes.</p></blockquote>
<blockquote><p>“We will keep the footpath along the river open to everyone,” the developer wrote.</p></blockquote>
</article></body></html>"""


def test_a_first_person_block_quotation_is_put_in_quotation_marks() -> None:
    text = extract_html(_PAGE, "https://dunmore.example/news/mill").text
    assert "“I have spent ten years trying to find a buyer" in text
    assert "signed anything with the developer.”" in text
    assert "“The site shall be used" not in text  # an excerpt in no one's first person is left as it is
    assert text.count("“We will keep the footpath") == 1  # a quotation with marks of its own gets no more


def test_a_block_quotation_after_a_speaker_is_what_the_speaker_said_next() -> None:
    article = extract_html(_PAGE, "https://dunmore.example/news/mill")
    found = analyze_offline(article).attributions
    ten_years = next(a for a in found if "ten years" in a.content)
    assert ten_years.source == "Harriet Ode"
    assert not any(a.source == "the author" for a in found)  # "I have spent" is hers, not the reporter's


_HOVER_CARD = """<html><head><title>Man admits threatening a lawmaker</title></head><body><article>
<h1>Man admits threatening a lawmaker</h1>
<p>A Buffalo man pleaded guilty to threatening to kill Rep. <span class="card"><a href="/people/jane-roe">Jane Roe</a>
<span class="card-block"><a class="name" href="/people/jane-roe">Jane Roe</a><a href="/news/1">Budget talks stall
over the surveillance rider | Senators call for a security coordinator</a> <a href="/news/2">Roe asks the court for
compassion in sentencing</a> <a class="more" href="/people/jane-roe">MORE</a></span></span> (D-Minn.), the U.S.
Attorney's Office announced on Monday after a hearing that lasted most of the afternoon.</p>
<p>Reports by <a href="https://a.example">Reuters</a>, <a href="https://b.example">the AP</a> and
<a href="https://c.example">AFP</a> said the man had been arrested in April after a phone call to her office.</p>
<p>His lawyer said he had never meant to harm anyone and regretted the call, which he made late at night.</p>
</article></body></html>"""


def test_a_hover_card_inside_a_sentence_is_cut_and_the_sentence_kept() -> None:
    text = extract_html(_HOVER_CARD, "https://hill.example/news/threat").text
    assert "threatening to kill Rep. Jane Roe (D-Minn.), the U.S. Attorney's Office announced" in text
    assert "Budget talks stall" not in text and "MORE" not in text
    assert "Reports by Reuters, the AP and AFP said" in text  # links in running text are the sentence
