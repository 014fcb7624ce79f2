"""Rendering: Slack blocks are escaped and within Slack's limits; text, Markdown and JSON agree."""

from __future__ import annotations

import json

import pytest
from slack_sdk.models.blocks import Block

from bot.analysis.models import Analysis, Claim, Sourcing
from bot.analysis.offline import analyze_offline
from bot.analysis.quotes import ground_claims
from bot.reading.article import Article
from bot.rendering import esc, render_markdown, render_notice, render_slack, render_text
from bot.rendering.slack import MAX_BLOCKS, SECTION_LIMIT, split_text

HOSTILE = ("<!channel> Everyone read this & <@U024BE7LH> <#C123|general> <!subteam^S1> "
           "<https://evil.example|click here> https://evil.example/x www.evil.example")


def hostile_analysis() -> Analysis:
    text = (f"The mayor said: “{HOSTILE}”\n\n"
            "Councillors said the bridge would reopen in May after repairs costing two million pounds.")
    article = Article(title=f"Title {HOSTILE}", outlet="Gazette & Co <x>", text=text, word_count=40)
    analysis = Analysis(article=article, summary=f"Summary {HOSTILE}", backend="openai:m",
                        claims=[Claim(claim=f"Claim {HOSTILE}", source=f"Source {HOSTILE}", source_type="person",
                                      cue="said", status="attributed", quote=f"“{HOSTILE}”")],
                        sourcing=Sourcing(assessment=f"Assessment {HOSTILE}", caveats=[HOSTILE], not_heard=[HOSTILE]),
                        warnings=[f"Warning {HOSTILE}"])
    return ground_claims(analysis)


def all_texts(blocks: list[dict]) -> list[str]:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    found.append(value)
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
    walk(blocks)
    return found


def test_esc_escapes_the_three_control_characters_ampersand_first() -> None:
    assert esc("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    assert esc("&lt;") == "&amp;lt;"


def test_no_live_mention_link_or_raw_markup_reaches_slack() -> None:
    message = render_slack(hostile_analysis())
    texts = all_texts(message.blocks) + [message.text]
    assert len(texts) > 8
    for text in texts:
        assert "<" not in text and ">" not in text.replace("\n> ", "\n").removeprefix("> ")
        assert "<!channel>" not in text and "<@U024BE7LH>" not in text
        assert "https://" not in text and "www.evil" not in text
    joined = "\n".join(texts)
    assert "&lt;!channel&gt;" in joined and "&lt;@U024BE7LH&gt;" in joined and "Everyone read this &amp;" in joined
    for block in message.blocks:
        for element in [block.get("text")] + block.get("elements", []):
            if isinstance(element, dict) and element.get("type") == "mrkdwn":
                assert element["verbatim"] is True  # Slack does not auto-link or auto-mention


def test_blockquotes_are_the_only_raw_angle_brackets() -> None:
    for text in all_texts(render_slack(hostile_analysis()).blocks):
        for line in text.splitlines():
            assert "<" not in line
            assert ">" not in line or line.startswith("> ")


def test_long_output_is_split_within_slack_limits() -> None:
    paragraph = "The council said the repairs would cost more than expected & take longer. " * 40
    article = Article(title="T" * 400, text="\n\n".join([paragraph] * 30), word_count=30 * 40 * 13)
    analysis = analyze_offline(article)
    analysis.summary = "word " * 2000
    for claim in analysis.claims:
        claim.claim = "long & claim " * 400
    analysis.warnings = [f"warning {i}" for i in range(80)]
    message = render_slack(analysis)
    assert len(message.blocks) <= MAX_BLOCKS
    for block in message.blocks:
        Block.parse(block).validate_json()  # slack_sdk's own checks (header 150, section 3000, ...)
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= SECTION_LIMIT
    assert len(message.text) <= 3000


def test_split_text_never_cuts_an_escape_in_half() -> None:
    text = esc("&" * 5000)
    for chunk in split_text(text, 3000):
        assert len(chunk) <= 3000
        assert chunk.replace("&amp;", "") == ""


def test_reply_has_title_claims_sourcing_and_the_ai_label() -> None:
    message = render_slack(hostile_analysis())
    joined = json.dumps(message.blocks)
    assert message.blocks[0]["type"] == "header"
    assert "Claims and who makes them" in joined and "Sourcing:" in joined
    assert "AI-generated from the article text; quotes checked" in joined


def test_notice_is_escaped() -> None:
    message = render_notice("could not read <!here> & co")
    assert "<!here>" not in message.text and "&lt;!here&gt; &amp; co" in message.text


@pytest.mark.parametrize("renderer", [render_text, render_markdown])
def test_text_and_markdown_carry_the_same_ledger(renderer) -> None:
    analysis = hostile_analysis()
    out = renderer(analysis)
    assert "Claims and who makes them".upper() in out.upper()
    assert "Sourcing".upper() in out.upper()
    assert "quotes checked" in out


def test_markdown_cannot_inject_links_or_html() -> None:
    out = render_markdown(hostile_analysis())
    assert "<!channel>" not in out and "[click" not in out.replace("\\[click", "")
    assert "\\<" in out


def test_text_never_breaks_a_url_across_lines() -> None:
    from bot.reading.article import Link

    url = "https://news.example.org/2026/12/04/" + "-".join(["council-approves-the-bridge-repairs"] * 5)
    url = (url + "?" + "x" * 200)[:200]
    assert len(url) == 200
    article = Article(title="Bridge", outlet="Gazette", text=f"The council said the bridge would reopen {url}.",
                      word_count=10)
    claim = Claim(claim=f"The council said the bridge would reopen, see {url} for the plan", source="The council",
                  source_type="organisation", cue="said", status="attributed", quote=f"“The plan is at {url}”",
                  links=[Link(text="the plan", url=url, paragraph=0)])
    analysis = Analysis(article=article, summary=f"The bridge reopens in May; the plan is at {url} today.",
                        backend="offline", claims=[claim],
                        sourcing=Sourcing(assessment=f"One source, the council, whose plan is at {url} online."))
    out = render_text(analysis, width=60)
    whole = [line for line in out.splitlines() if url in line]
    assert len(whole) >= 3  # the summary, the claim and its link line at least
    pieces = [line for line in out.splitlines() if "news.example.org" in line and url not in line]
    assert not pieces, pieces


def test_a_brief_is_read_and_the_reply_says_it_is_short() -> None:
    brief = ("The morning ferry to the island was cancelled on Tuesday because of high winds, the harbour master "
             "said, and it will resume on Wednesday if the forecast holds.")
    article = Article(title="Ferry cancelled", outlet="Gazette", text=brief, word_count=len(brief.split()))
    reply = render_text(analyze_offline(article))
    assert f"A short piece ({len(brief.split())} words)" in reply
    assert "the harbour master" in reply


def test_a_full_length_article_has_no_short_piece_line() -> None:
    text = "\n\n".join(["Councillors said the bridge would reopen in May after repairs costing two million pounds."] * 12)
    article = Article(title="Bridge", outlet="Gazette", text=text, word_count=len(text.split()))
    assert "A short piece" not in render_text(analyze_offline(article))
