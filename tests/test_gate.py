"""The "not an article" gate on pages of our own making: what it must accept and what it must refuse.

Every page goes through the real reader core (extraction, cleaning, gate) from bytes, as a fetched page
would. Content pages that are not news (a recipe, a review, a blog post) are articles when they have
running text; paywalls, consent walls, home, section and search pages are not.
"""

from __future__ import annotations

import json

import pytest

from bot.reading import Reader
from bot.reading.errors import NotAnArticle
from bot.settings import Settings

SENTENCES = [
    "The council said the new flood wall would protect around four hundred homes along the harbour front.",
    "Residents who attended the meeting on Tuesday evening were divided over the cost of the scheme.",
    "According to the engineering report, the wall will be built in three phases over the next two years.",
    "Opponents argued that the money would be better spent on drainage and on repairing the old sea defences.",
    "The mayor told reporters that construction would begin in the spring if the funding is confirmed.",
    "A spokesperson for the environment agency said it welcomed the decision but would review the final design.",
]


def page(body: str, title: str = "A page") -> bytes:
    return (f"<!doctype html><html><head><title>{title}</title></head><body>"
            f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>{body}"
            "<footer><p>© 2026 The Coastal Gazette</p></footer></body></html>").encode()


def paragraphs(count: int) -> str:
    return "".join(f"<p>{SENTENCES[i % len(SENTENCES)]} {SENTENCES[(i + 2) % len(SENTENCES)]}</p>" for i in range(count))


def read(body: bytes) -> object:
    return Reader(Settings()).from_bytes(body, url="https://gazette.example/story", is_html=True)


ACCEPTED = {
    "news story": page(f"<article><h1>Council approves flood wall</h1>{paragraphs(8)}</article>"),
    "recipe": page(
        "<article><h1>Harbour fish stew</h1><p>This stew is the one my grandmother made every Friday, and it is "
        "still the best way I know to use whatever the boats brought in that morning.</p><h2>Ingredients</h2><ul>"
        + "".join(f"<li>{item}</li>" for item in ("2 onions", "3 cloves garlic", "1 tin tomatoes", "500g white fish",
                                                    "200g mussels", "1 litre fish stock", "1 bay leaf", "parsley",
                                                    "olive oil", "salt", "pepper", "1 lemon", "crusty bread"))
        + "</ul><h2>Method</h2><p>Soften the onions and garlic in the olive oil over a low heat for ten minutes, "
        "until they are sweet and translucent but not browned at all.</p><p>Add the tomatoes, stock and bay leaf "
        "and simmer for twenty minutes, then add the fish and the mussels and cook until the shells open.</p>"
        "</article>"),
    "product review": page(
        "<article><h1>Review: the Tidewater 3 kettle</h1>"
        "<p>I have used the Tidewater 3 every morning for a month, and it is the quietest kettle I have tested, "
        "though the lid is stiff and the handle gets warm when it is full.</p><ul><li>Price: £49</li>"
        "<li>Capacity: 1.7 litres</li><li>Power: 3kW</li><li>Rating: 4/5</li></ul>"
        "<p>It boils a full jug in just under three minutes, which is about average, and the filter is easy to "
        "remove and clean under the tap.</p><p>Verdict: a solid, quiet kettle that would be perfect with a "
        "lighter lid; if that does not bother you, it is good value for the price.</p></article>"),
    "blog post": page(
        "<div class='post'><h1>Why I moved to the coast</h1>" + paragraphs(5)
        + "<p>Comments</p><p>Share</p></div>"),
    "story with a cookie and subscribe footer": page(
        f"<article><h1>Flood wall</h1>{paragraphs(10)}<p>We use cookies to improve your experience. "
        "Manage your cookie preferences.</p><p>Already a subscriber? Log in.</p></article>"),
    "story written without spaces": page(
        "<article><h1>防潮堤の建設を承認</h1>"
        + "".join(f"<p>市議会は火曜日、港沿いに新しい防潮堤を建設する計画を承認した（第{n}報）。市によると、約四百戸の"
                  "住宅が守られる見込みで、工事は来年の春に始まる予定だという。反対派は費用が高すぎると主張している。</p>"
                  for n in "一二三四") + "</article>"),
    "story of many short paragraphs": page(
        "<article><h1>Live: the storm</h1>" + "".join(f"<p>{s}</p>" for s in SENTENCES * 3) + "</article>"),
}

ACCEPTED.update({
    "song lyrics": page(
        "<article><h1>Harbour Lights (lyrics)</h1>" + "".join(
            f"<p>{line}</p>" for line in (
                "Down by the harbour where the grey gulls cry", "I waited for a boat that never came in",
                "The lights went out along the sea wall", "And the tide took everything I had",
                "Oh harbour lights, oh harbour lights", "Bring her home to me tonight",
                "The wind is cold and the night is long", "But I will wait until the morning song") * 2)
        + "</article>"),
    "programming blog post": page(
        "<article><h1>Variables in Python</h1><p>A variable is a name that refers to a value; see the "
        "<a href='https://docs.python.org/3/'>Python documentation</a> for the details.</p>"
        "<pre>x = 5\ny = 'harbour'\nprint(x, y)</pre><p>Names are case sensitive, so <code>x</code> and "
        "<code>X</code> are two different variables.</p><ul>"
        + "".join(f"<li><a href='/blog/{n}'>Part {n} of the Python series for beginners</a></li>" for n in range(6))
        + "</ul></article>"),
    "music list": page(
        "<article><h1>The ten best sea shanties</h1><ol>" + "".join(
            f"<li><a href='/song/{n}'>Shanty number {n} by the Harbour Choir</a> – a rousing chorus about "
            "hauling nets, sung in the round.</li>" for n in range(10)) + "</ol></article>"),
    "institutional about page": page(
        "<main><h1>About the Coastal Trust</h1><p>The Coastal Trust is a charity founded in 1987 to protect the "
        "shoreline and the communities that depend on it.</p><p>We fund research, run volunteer clean-ups and "
        "advise councils on flood defences.</p></main>"),
    "forum post": page(
        "<div class='thread'><h1>Flood wall: anyone been to the meeting?</h1><div class='post'><p>I went last "
        "night. The council leader said the wall will protect 400 homes, but nobody could say who pays.</p></div>"
        "<div class='post'><p>Same here, the engineer's report is online if you want the figures.</p></div></div>"),
    "25-word news brief": page(
        "<article><h1>Ferry cancelled</h1><p>The morning ferry to the island was cancelled on Tuesday because "
        "of high winds, the harbour master said, and will resume on Wednesday.</p></article>"),
    "a page declaring itself an article, with many link lines": page(
        "<article><h1>Where to read more</h1><p>Our reporters collected the coverage of the flood wall.</p>"
        + "".join(f"<p><a href='/s/{n}'>Coverage of the flood wall decision, part {n}</a></p>" for n in range(12))
        + "</article>").replace(b"<title>", b"<meta property='og:type' content='article'><title>"),
})

# A script-rendered page (Next.js style): an empty shell, the story as HTML inside JSON inside a JS string.
_HYDRATION = json.dumps(json.dumps({"article": {"title": "Flood wall", "contents": paragraphs(6)}}))
ACCEPTED["script-rendered page"] = (
    "<!doctype html><html><head><title>Flood wall</title></head><body><div id='app'></div>"
    f"<script>self.__next_f.push([1,{_HYDRATION}])</script></body></html>").encode()

REFUSED = {
    "paywall": (page("<article><h1>Big story</h1><p>The first line of a big story that everyone wants to read.</p>"
                     "<p>Subscribe now to continue reading.</p></article>"), "paywall"),
    "consent wall": (page("<div><h2>Before you continue</h2><p>We and our partners use cookies and data to deliver "
                          "and maintain services. Accept all or manage your preferences.</p></div>"), "consent"),
    "home page": (page("<main><ul>" + "".join(
        f"<li><a href='/story/{i}'>Headline number {i} about the harbour</a></li>" for i in range(40))
        + "</ul></main>"), "list of links"),
    "section page": (page("<main><h1>Politics</h1>" + "".join(
        f"<div><h3><a href='/politics/{i}'>Minister visits harbour {i}</a></h3><p>2 hours ago</p></div>"
        for i in range(30)) + "</main>"), "list of links"),
    "search results": (page("<main><h1>Search results for flood</h1>" + "".join(
        f"<div><a href='/s/{i}'>Flood result {i}</a><p>12 March 2026</p></div>" for i in range(25))
        + "</main>"), "list of links|too little text"),
    "nearly empty page": (page("<article><h1>Gallery</h1><p>Pictures from the storm.</p></article>"), "too little text"),
    "a 15-word brief": (page("<article><h1>Ferry</h1><p>The morning ferry was cancelled on Tuesday because of "
                             "high winds, officials said.</p></article>"), "too little text"),
    "tag page of linked headlines with blurbs": (page("<main><h1>Tag: harbour</h1>" + "".join(
        f"<div><h2><a href='/story/{i}'>Harbour council meets again over the wall, part {i}</a></h2>"
        "<p>Councillors met.</p></div>" for i in range(15)) + "</main>"), "list of links"),
}


@pytest.mark.parametrize("name", list(ACCEPTED))
def test_the_gate_accepts_content_with_running_text(name: str) -> None:
    article = read(ACCEPTED[name])
    assert article.word_count >= Settings().min_article_words


@pytest.mark.parametrize("name", list(REFUSED))
def test_the_gate_refuses_what_is_not_an_article(name: str) -> None:
    body, reason = REFUSED[name]
    with pytest.raises(NotAnArticle, match=reason):
        read(body)
