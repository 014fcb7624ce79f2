"""A block quotation of someone speaking stays a quotation in the text, and its words are the speaker's."""

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
