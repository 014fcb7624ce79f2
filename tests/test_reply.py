"""The reply an editor can sign off, on short articles of our own: the lede first, claims that read on their
own, quotes honest about cuts, stance only where it matters, and a sourcing verdict that tells the truth."""

from __future__ import annotations

import pytest

from bot.analysis.offline import analyze_offline
from bot.reading.article import Article
from bot.rendering import render_text


def analyze(text: str, title: str = "") -> object:
    return analyze_offline(Article(title=title, text=text, word_count=len(text.split())))


def test_an_unattributed_lede_is_the_first_claim_stated_as_fact() -> None:
    text = ("Thousands of US and Filipino troops began joint exercises near the disputed shoal on Tuesday. "
            "The drills were long planned, the Philippine military said.")
    lede, military = analyze(text).claims
    assert lede.status == "fact" and lede.claim.startswith("Thousands of US and Filipino troops")
    assert military.source == "the Philippine military"


def test_the_lede_is_the_first_key_claim_even_from_unnamed_experts() -> None:
    text = ("The rolling blackouts that hit California last week were not necessary, experts say.\n\n"
            "The California Independent System Operator said on Monday that it had run out of reserves after "
            "three gas plants shut down unexpectedly. Governor Gavin Newsom said the state would investigate the "
            "grid operator's decisions. Kevin Marcus, a lawyer for ratepayers, said customers should be refunded.")
    analysis = analyze(text)
    first = analysis.claims[0]
    assert first.source == "experts" and first.source_type == "anonymous"
    assert first.claim.startswith("The rolling blackouts that hit California last week were not necessary")
    assert {c.source for c in analysis.claims} >= {"Gavin Newsom", "Kevin Marcus"}


def test_claim_text_names_the_subject_and_keeps_figures_whole() -> None:
    text = ("The council said on Tuesday that it had approved the £10,000 grant for the library. "
            "Officials said they expected the work to take two years to complete.")
    council, officials = analyze(text).claims
    assert council.claim == "The council had approved the £10,000 grant for the library."
    assert officials.claim.startswith("Officials expected the work")


def test_a_statement_in_the_progressive_keeps_its_own_subject() -> None:
    """"is considering" has a subject: the claim must not become "A Pentagon memo according to the US ..."."""
    text = ("The US is considering options for punishing allies that failed to offer support during the war, "
            "according to a Pentagon memo seen by Reuters.")
    memo = analyze(text).claims[0]
    assert memo.claim.startswith("The US is considering options")
    assert memo.source == "a Pentagon memo"


def test_a_claim_is_never_glued_to_its_according_to_source() -> None:
    """The guardian's whale story read "Project Jonah according to november marked the beginning ..."."""
    text = ("November marked the beginning of whale stranding season, and it started with a surge in incidents, "
            "according to whale rescue group Project Jonah, with 140 pilot whales beaching on Stewart Island.")
    claim = analyze(text).claims[0]
    assert claim.claim.startswith("November marked the beginning of whale stranding season")
    assert "according" not in claim.claim


def test_an_initialism_does_not_end_the_lede_sentence() -> None:
    text = ("President Obama told the U.N. General Assembly 18 months ago that he would seek real breakthroughs "
            "on the two issues.")
    claim = analyze(text).claims[0]
    assert "General Assembly" not in claim.claim.split()[:2] and claim.source == "Obama"


def test_an_agency_tag_left_by_a_dateline_is_not_part_of_the_claim() -> None:
    text = ("LA CROSSE, Wis. (AP) — After a summer of historic tumult, the path to the presidency for both "
            "candidates this fall is becoming much clearer, strategists said.")
    assert analyze(text).claims[0].claim.startswith("After a summer of historic tumult")


def test_a_stance_verb_with_an_object_reads_as_what_the_named_source_did() -> None:
    text = ("US President Donald Trump met the alliance's secretary general on Tuesday.\n\n"
            "He has repeatedly criticised Nato allies for their reluctance to play a greater role after the US "
            "and Israel attacked Iran in late February.")
    claim = next(c for c in analyze(text).claims if c.cue == "criticised")
    assert claim.claim.startswith("Donald Trump has repeatedly criticised Nato allies for their reluctance")


def test_a_relative_clause_with_only_an_object_is_no_statement() -> None:
    text = ("It was not clear why the offers did not work on Snapchat's chief executive Evan Spiegel, who famously "
            "rebuffed a $3 billion takeover offer from Facebook in 2013. The company said it had no comment.")
    assert not any(c.claim.lower().startswith(("who", "a $3 billion")) for c in analyze(text).claims)


def test_a_reported_question_is_no_key_claim() -> None:
    text = ("President Trump has set his sights on Venezuela's vast oil reserves, the largest in the world. If "
            "consolidated under Washington's influence, a third of global oil reserves could end up under US "
            "control. Yet, experts are skeptical about Trump's plans, saying it won't be cheap or easy.\n\n"
            "US President Donald Trump has said he wants to run Venezuela “through oil” and pointed to billions of "
            "dollars in profit for US companies - but what does that mean in practical terms? The answer is not "
            "simple.\n\nGoldman Sachs estimates that oil production could rise to 1.4 million barrels per day "
            "within two years.")
    claims = analyze(text).claims
    assert not any(c.claim.rstrip("”\"'’").endswith("?") for c in claims)
    assert any(c.source == "Goldman Sachs" for c in claims)


def test_a_claim_never_leaves_a_quotation_open() -> None:
    text = ("In Finland, the government said it had issued fresh advice online today called ‘Preparing for "
            "incidents and crises.’ The brochure says: ‘In cold weather the indoor temperature will drop below ten "
            "degrees within a day or two.’")
    for claim in analyze(text).claims:
        opened = claim.claim.count("‘") - sum(1 for i, ch in enumerate(claim.claim)
                                               if ch == "’" and not claim.claim[i + 1:i + 2].isalpha())
        assert opened <= 0, claim.claim


def test_an_interview_with_one_voice_shows_more_than_one_of_its_statements() -> None:
    text = ("President Barack Obama has admitted that his failure to pass gun safety laws is the greatest "
            "frustration of his presidency.\n\nIn an interview, Mr Obama said it was distressing not to have made "
            "progress on the issue even after repeated mass killings. He said gun control was the area where he "
            "had been most frustrated since coming to power in 2009. \"Fewer than 100 Americans have been killed by "
            "terrorism since 9/11, and tens of thousands by guns,\" Mr Obama said.")
    claims = analyze(text).claims
    assert sum(c.source == "Barack Obama" for c in claims) >= 3
    assert len({c.claim for c in claims}) == len(claims)


def test_the_same_person_twice_is_one_source_and_not_corroboration() -> None:
    text = ("Kevin Marcus said the bridge was unsafe and should be closed to traffic at once. "
            "Later Mr. Marcus said again that the bridge was unsafe and should be closed to traffic at once.")
    analysis = analyze(text)
    assert analysis.sourcing.source_counts == {"person": 1}
    assert analysis.sourcing.single_source_claims == [1]
    assert "rests on a single source (Kevin Marcus)" in analysis.sourcing.assessment


def test_two_distinct_sources_agreeing_corroborate() -> None:
    text = ("The ministry said the new bridge was unsafe and should be closed to traffic immediately.\n\n"
            "Engineers at the city council, in a separate inspection, said the new bridge was unsafe and should be "
            "closed to traffic immediately.")
    analysis = analyze(text)
    assert analysis.sourcing.single_source_claims == []
    assert "Each key claim rests" not in analysis.sourcing.assessment


def test_a_source_and_a_pair_that_includes_it_are_not_independent() -> None:
    text = ("There are three scripts still in contention for the fourth film, The Wrap reported.\n\n"
            "There are three scripts still in contention for the fourth film, according to reports from The Wrap "
            "and Deadline.")
    analysis = analyze(text)
    assert all(number in analysis.sourcing.single_source_claims for number, c in enumerate(analysis.claims, 1)
               if c.source)


def test_allegedly_in_a_court_story_is_an_allegation_not_the_outlets_doubt() -> None:
    text = ("Prosecutors said the former manager allegedly stole more than £200,000 from elderly customers "
            "between 2019 and 2022, the court heard on Monday.")
    analysis = analyze(text)
    (claim,) = analysis.claims
    assert claim.status == "attributed" and "alleged" in claim.notes
    assert not analysis.sourcing.caveats
    rendered = render_text(analysis)
    assert "not verified" not in rendered and "alleged" in rendered


def test_the_outlet_saying_it_could_not_verify_is_not_verified() -> None:
    text = "Rebels said they had captured the airport, a claim that could not be independently verified."
    (claim,) = analyze(text).claims
    assert claim.status == "unverified" and "not verified" in render_text(analyze(text))


def test_a_neutral_said_and_attributed_are_not_shown() -> None:
    text = "The mayor said the city would reopen every school on Monday after the storm."
    rendered = render_text(analyze(text))
    assert "attributed" not in rendered and "“said”" not in rendered


def test_a_long_quote_is_cut_with_an_ellipsis() -> None:
    long_quote = " ".join(["the plan will fail and the city will pay for it"] * 20)
    text = f"The mayor said that {long_quote}."
    (claim,) = analyze(text).claims
    assert claim.quote.endswith("…") and claim.grounded


def test_bad_input_gives_a_true_reply() -> None:
    assert analyze("Storm closes schools").claims == []  # a headline only
    none = analyze("The storm closed every school in the county on Monday. Roads were flooded for hours.")
    (lede,) = none.claims  # the story's own claim, stated as fact, and nothing attributed
    assert lede.status == "fact" and lede.source is None and "attributes nothing" in none.sourcing.assessment
    many = " ".join(f"Official number {n} said the count of flooded roads had reached {n}." for n in range(200))
    analysis = analyze(many)
    assert len(analysis.claims) <= 6 and len(analysis.attributions) >= 150
    quotes = " ".join(f"“The water rose {n} feet in an hour,” Jane Roe said." for n in range(20))
    assert analyze(quotes).sourcing.source_counts == {"person": 1}
    mixed = ("The minister said the talks would resume next week in Geneva. " * 3 + "\n\n" +
             "Der Minister sagte, die Gespräche würden nächste Woche in Genf fortgesetzt. " * 3)
    assert analyze(mixed).claims


def test_a_capitalised_opening_word_with_a_hyphen_is_not_a_dateline() -> None:
    text = ("A HIGH-powered federal government team has been doing the rounds of media organisations this week. "
            "The team said concerns about press freedom were overblown.")
    assert analyze(text).claims[0].claim.startswith("A HIGH-powered federal government team")


def test_datelines_with_a_state_abbreviation_or_two_cities_are_not_the_claim() -> None:
    ap = analyze("LA CROSSE, Wis. (AP) — After a summer of historic tumult, the path to the presidency is becoming "
                 "much clearer. Strategists said the race was close.")
    assert ap.claims[0].claim.startswith("After a summer of historic tumult")
    reuters = analyze("BEIRUT/THE HAGUE, March 7 (Reuters) - An Israeli tank crew killed a reporter in October, "
                      "according to a report into the incident published on Thursday.")
    assert reuters.claims[0].claim.startswith("An Israeli tank crew killed a reporter")


def test_the_lede_is_the_sentence_that_says_the_headline_past_a_standfirst() -> None:
    """A standfirst the reader kept opens the text: the lede is the sentence that says what the headline says."""
    text = ("Residents have waited a long time for this day, a local historian said.\n\n"
            "The city council approved a £40m bridge over the River Wyre on Tuesday, ending a decade of delays.\n\n"
            "Mayor Jane Hill said work would start in spring.")
    claims = analyze(text, title="Council approves £40m bridge over River Wyre | Fleetwood News").claims
    assert claims[0].claim.startswith("The city council approved a £40m bridge")


def test_a_second_sentence_that_turns_on_the_first_is_the_lede() -> None:
    text = ("For decades the mill was the biggest employer in the town of Ashby and its pride.\n\n"
            "But the mill will close in March with the loss of 400 jobs after its sales collapsed.\n\n"
            "The union said workers were told on Monday.")
    lede = analyze(text).claims[0]
    assert lede.claim.startswith("The mill will close in March") and lede.quote.startswith("But the mill")


def test_a_question_is_never_the_lede() -> None:
    text = ("Will the new bridge over the river ever be built in the town of Ashby?\n\n"
            "The city council approved a £40m bridge on Tuesday, ending a decade of delays.")
    assert analyze(text).claims[0].claim.startswith("The city council approved")


def test_an_aside_in_the_lede_is_not_its_claim() -> None:
    """"a mayor who has declared ...": the lede is the sentence, the aside a part of it."""
    text = ("The vote keeps in office a mayor who has declared her intention to block the bridge, guaranteeing "
            "two more years of delay.\n\nThe council said it would appeal the ruling in the new year.")
    claims = analyze(text).claims
    assert claims[0].claim.startswith("The vote keeps in office a mayor") and claims[0].status == "fact"
    assert [c.source for c in claims] == [None, "The council"]


def test_the_lede_source_is_heard_again_on_another_statement() -> None:
    """The lede does not use up its source's one claim: the mayor's figure is a key claim of its own."""
    text = ("Mayor Jane Hill said the new bridge over the River Wyre would open to traffic in May.\n\n"
            "The council's engineer, Tom Reed, said the deck was finished last week. Local shop owner Amy Fox said "
            "trade had suffered during the works. The Ramblers Association said the riverside footpath would reopen. "
            "Jane Hill said the bridge had cost £40m, twice the first estimate.")
    claims = analyze(text).claims
    assert claims[0].source == "Jane Hill" and claims[0].claim.startswith("The new bridge")
    assert any(c.source == "Jane Hill" and "£40m" in c.claim for c in claims[1:])


def test_a_turn_that_points_back_is_shown_with_the_sentence_it_turns_on() -> None:
    text = ("The town of Ashby has long prided itself on being the safest place to live in the county.\n\n"
            "But a new report released on Monday by the county police calls that into question.")
    lede = analyze(text).claims[0]
    assert lede.claim.startswith("The town of Ashby has long prided itself") and lede.claim.endswith("into question.")


def test_a_statement_is_chosen_over_an_act_of_the_same_source() -> None:
    """"thanked the engineers" is what the mayor did; "the crossing would ..." is what she says is so."""
    text = ("The new bridge over the River Wyre opened to traffic on Monday after two years of work.\n\n"
            "The council's engineer, Tom Reed, said the deck was finished last week. Mayor Jane Hill thanked the "
            "engineers who built the bridge over the river. Local shop owner Amy Fox said trade had suffered "
            "during the works. The Ramblers Association said the riverside footpath would reopen. Jane Hill said "
            "the crossing would end the long queues through the town centre.")
    hill = [c for c in analyze(text).claims if c.source == "Jane Hill"]
    assert [c.claim for c in hill] == ["The crossing would end the long queues through the town centre."]


def test_a_confirmation_puts_its_claim_in_its_object() -> None:
    """"confirmed the closure of the bridge" states that the bridge is closed: a statement, not an act."""
    text = ("The new bridge over the River Wyre opened to traffic on Monday after two years of work.\n\n"
            "The council's engineer, Tom Reed, said the deck was finished last week. The transport ministry "
            "confirmed the closure of the old bridge over the river. Local shop owner Amy Fox said trade had "
            "suffered during the works. The Ramblers Association said the riverside footpath would reopen. The "
            "transport ministry said the opening ceremony had gone well for everyone.")
    ministry = [c for c in analyze(text).claims if c.source == "The transport ministry"]
    assert len(ministry) == 1 and "closure of the old bridge" in ministry[0].claim


def test_an_aside_is_never_a_key_claim() -> None:
    """"a former aide, who said he had worked at the compound": what a source says about itself, in passing."""
    text = ("The president is under house arrest at his compound and insists on finishing his term, a source said.\n\n"
            "The ministers fled to the compound after their homes were attacked. The account was backed by a former "
            "aide, who said he had worked at the compound for ten years.")
    claims = analyze(text).claims
    assert not any("worked at the compound" in c.claim for c in claims)


def test_a_reported_question_is_not_the_lede_claim() -> None:
    """"many in the town wondered how ...": a question, reported, asserts nothing."""
    text = ("Hours after the mill shut its gates for good on Tuesday, many in the town wondered how the loss of 400 "
            "jobs would affect local shops.\n\nThe union said the workers had been told on Monday morning.")
    claims = analyze(text).claims
    assert [c.source for c in claims] == ["The union"]


def test_a_standfirst_said_again_by_the_next_paragraph_is_not_the_lede() -> None:
    """No headline needed: the opening the next paragraph says again, at length, is a standfirst."""
    text = ("Ashby teenager Holly Bowles, 19, became the sixth traveller to die after drinking tainted spirits.\n\n"
            "Ashby teenager Holly Bowles has become the sixth traveller to die after drinking tainted spirits at a "
            "hostel in Vang Vieng, where five other tourists also died last week.\n\n"
            "Her father said the family was heartbroken.")
    lede = analyze(text).claims[0]
    assert lede.claim.startswith("Ashby teenager Holly Bowles has become the sixth traveller")


def test_a_sentence_sharing_only_the_headline_topic_does_not_move_the_lede() -> None:
    """Three headline words ("mill", "Ashby", "400") are the topic, not the claim: the opening stays the lede."""
    text = ("The town's biggest employer will shut its doors in March, its owners said on Monday.\n\n"
            "The mill in Ashby has been open since 1850 and employs 400 people on two sites.\n\n"
            "The union said the workers had been told on Monday morning.")
    lede = analyze(text, title="Ashby mill to close with loss of 400 jobs").claims[0]
    assert lede.source == "its owners" and lede.claim.startswith("The town's biggest employer will shut")


def test_a_judgement_in_an_object_complement_is_a_statement() -> None:
    """"regards the old bridge as unsafe" says the bridge is unsafe: the claim is in the object and its complement."""
    text = ("The new bridge over the River Wyre opened to traffic on Monday after two years of work.\n\n"
            "The council's engineer, Tom Reed, said the deck was finished last week. The transport ministry "
            "regards the old bridge over the river as unsafe for heavy traffic. Local shop owner Amy Fox said trade "
            "had suffered during the works. The Ramblers Association said the riverside footpath would reopen. The "
            "transport ministry said the opening ceremony had gone well for everyone.")
    ministry = [c for c in analyze(text).claims if c.source == "The transport ministry"]
    assert len(ministry) == 1 and "unsafe for heavy traffic" in ministry[0].claim



def test_an_attributed_headline_the_opening_never_says_is_the_first_claim() -> None:
    text = ("Hours after the new leader was named on Tuesday, many in Gaza wondered how the appointment would affect "
            "the war.\n\nThe announcement was seen as a defiant move. Many Palestinians interviewed in Gaza said "
            "they were tired of the war. Israel has called him the mastermind of the attacks.")
    title = "Palestinians say his appointment could ruin ceasefire talks | CBC News"
    first = analyze(text, title).claims[0]
    assert first.notes == ["headline"] and first.grounded
    assert first.claim == "His appointment could ruin ceasefire talks."
    assert first.source == "Many Palestinians" and first.source_type == "anonymous"
    assert "headline" in render_text(analyze(text, title))


def test_a_supposed_statement_is_no_claim_and_its_someone_no_source() -> None:
    text = ("Yahoo's sale to Verizon leaves shareholders with little say, the company's lawyers said on Monday. "
            "If another bidder still wants to acquire Yahoo, it has time. "
            "So anyone who votes against the deal and thinks this is a bum price is out of luck. "
            "Verizon said the deal would close in March.")
    analysis = analyze(text)
    assert not any("bidder" in c.claim or "bum price" in c.claim for c in analysis.claims)
    assert "another bidder" not in analysis.sourcing.sources and "anyone" not in analysis.sourcing.sources
    assert "Verizon" in analysis.sourcing.sources


def test_a_second_that_goes_with_the_first() -> None:
    (claim,) = analyze("The ministry confirmed that there were conscripts in Ukraine and that some had been taken "
                       "prisoner.").claims
    assert claim.claim == "There were conscripts in Ukraine, and some had been taken prisoner."
    (kept,) = analyze("The analyst said prices rose sharply in March and that hurt the poorest families.").claims
    assert kept.claim == "Prices rose sharply in March and that hurt the poorest families."


def test_an_indirect_question_is_no_claim() -> None:
    text = ("Chelsea beat Tottenham 2-0 on Thursday. Now Chelsea know exactly what they need to do. "
            "The manager explained how the new system works. Pochettino said the team had shown real character.")
    claims = analyze(text).claims
    assert not any(c.claim.startswith(("Exactly what", "How the")) for c in claims)
    assert any(c.claim == "The team had shown real character." for c in claims)


def test_a_thing_that_cannot_speak_is_no_source() -> None:
    text = ("The pound fell on Tuesday. The value of the pound signalled that investors had no confidence in the "
            "plan, the Treasury said. A number of analysts said the fall would not last.")
    analysis = analyze(text)
    assert "The value of the pound" not in analysis.sourcing.sources
    assert "the Treasury" in analysis.sourcing.sources and "A number of analysts" in analysis.sourcing.sources
    from bot.analysis.models import Attribution
    from bot.analysis.speakers import speaks
    assert not speaks(Attribution(source="us", source_type="anonymous", source_text="us", cue="recognize",
                                  content="everything", start=0, end=10), None)


def test_a_claim_that_points_back_or_opens_on_a_lead_in_reads_whole() -> None:
    claims = analyze("The Government has effectively admitted as much by agreeing that the committee should "
                     "review the issue. Opposition Leader Bill Shorten said in a letter to Abbott last month: "
                     "“Press freedom concerns would ideally be addressed in this Bill.”").claims
    texts = [c.claim for c in claims]
    assert "The Government has effectively admitted as much by agreeing that the committee should review the " \
           "issue." in texts
    assert "Press freedom concerns would ideally be addressed in this Bill." in texts


def test_a_vote_is_the_articles_own_report_not_the_voters_claim() -> None:
    analysis = analyze("Councillors in Westhaven voted on Tuesday to build a concrete flood wall along the harbour, "
                       "ending a dispute that has divided the town for two years. The council leader, Margaret Hale, "
                       "said the decision would protect more than 400 homes.")
    assert analysis.claims[0].source is None and analysis.claims[0].claim.startswith("Councillors in Westhaven voted")
    assert "Councillors in Westhaven" not in analysis.sourcing.sources


def test_a_teaser_headline_is_not_shown_as_a_claim() -> None:
    text = ("New investors are often motivated by friends to buy crypto, according to a new study. "
            "Lee Baker, a financial planner, said friends rarely talk about their losses.")
    claims = analyze(text, "31% of crypto buyers follow friends. Here's why that can be 'a horrible idea,' "
                           "advisor says").claims
    assert all("headline" not in c.notes for c in claims)
    shown = analyze(text, "Crypto buyers who follow friends lose money, advisor says").claims
    assert "headline" in shown[0].notes


def test_a_headline_the_opening_says_or_that_credits_no_one_is_not_repeated() -> None:
    text = "Palestinians in Gaza said on Tuesday that the appointment could ruin the ceasefire talks with Israel."
    said = analyze(text, "Palestinians say appointment could ruin ceasefire talks").claims
    assert all("headline" not in c.notes for c in said)
    plain = analyze("The council met on Tuesday. Officials said the budget was balanced.",
                    "Mexico to fight steel tariffs, citing trade surplus").claims
    assert all("headline" not in c.notes for c in plain)


def test_a_statement_a_publisher_passes_on_is_its_speakers_claim() -> None:
    text = ("The speaker of the state House faces a lawsuit filed on Monday.\n\n"
            "Tim Moore denied being in a relationship with the aide back in April, according to The Assembly.")
    claim = next(c for c in analyze(text).claims if c.source and "Moore" in c.source)
    assert claim.claim == "Tim Moore denied being in a relationship with the aide back in April."
    assert claim.status == "disputed" and "reported by The Assembly" in claim.notes


def test_a_speakers_words_a_transcript_records_are_the_speakers_claim() -> None:
    text = ("Dana Holt testified for six hours on Tuesday.\n\n"
            "The deals took years of talks with the founders, she said, according to a transcript seen by the Ledger.")
    claim = next(c for c in analyze(text).claims if "deals" in c.claim)
    assert claim.source == "Dana Holt" and claim.claim == "The deals took years of talks with the founders."
    assert any(n.startswith("reported by a transcript") for n in claim.notes)


def test_a_clause_the_parse_joins_to_the_cue_without_a_conjunction_stays_in_the_claim() -> None:
    text = ("President Nangolo Mbumba knew something was wrong the day president Hage Geingob’s staff started "
            "sending him constant updates as they flew him back home from the United States.")
    (claim,) = [c for c in analyze(text).claims if c.source]
    assert claim.claim.endswith("started sending him constant updates as they flew him back home from the United "
                                "States.")


def test_a_documents_finding_a_publisher_passes_on_is_the_documents_claim_and_not_corroborated_by_it() -> None:
    text = ("The president apologised on Saturday for declaring martial law.\n\n"
            "A Gallup Korea poll released on Friday showed his approval rating at 13%, The Korea Times reported.")
    analysis = analyze(text)
    claim = next(c for c in analysis.claims if "approval" in c.claim)
    assert claim.source == "A Gallup Korea poll" and claim.source_type == "document"
    assert "reported by The Korea Times" in claim.notes
    number = analysis.claims.index(claim) + 1
    assert number in analysis.sourcing.single_source_claims  # The Korea Times only passes the poll on


def test_a_speakers_account_of_what_another_concluded_stays_the_speakers() -> None:
    text = ("Mike Pompeo said on Monday that after legal consultation Washington had concluded the settlements "
            "were not inconsistent with international law.")
    (claim,) = [c for c in analyze(text).claims if c.source]
    assert claim.source == "Mike Pompeo" and not any(n.startswith("reported by") for n in claim.notes)


def test_a_relative_pronoun_opening_a_claim_is_replaced_by_its_antecedent() -> None:
    text = ("Leaders met in Cairo on Tuesday to discuss the decision.\n\nThe Palestinian Authority - which "
            "considers the US biased and has rejected the Trump administration as a mediator if peace talks are "
            "ever revived - called for an emergency meeting of the body.")
    claim = next(c for c in analyze(text).claims if c.source == "The Palestinian Authority")
    assert claim.claim.startswith("The Palestinian Authority considers the US biased and has rejected the Trump")


def test_a_demonstrative_subject_stays_and_an_asides_bracket_goes() -> None:
    text = ("The tax cuts passed the Senate on Friday.\n\n"
            "That would reduce federal revenue by an additional $631 billion over 10 years, according to the Tax "
            "Policy Center. (Alibaba says it has no plans to sell the stake in the next five years.)")
    claims = {c.source: c for c in analyze(text).claims}
    assert claims["the Tax Policy Center"].claim.startswith("That would reduce federal revenue")
    assert claims["Alibaba"].claim.endswith("has no plans to sell the stake in the next five years.")



def test_the_columns_own_voice_is_neither_a_source_nor_a_sources_claim() -> None:
    text = ("Lupita Nyong'o's Oscar dress was stolen from her hotel room, police said on Thursday.\n\n"
            "We know they were in the manager's office and have looked at security footage. I wrote about the "
            "hotel's security problems in 2009.")
    analysis = analyze(text)
    assert "the author" not in analysis.sourcing.sources
    assert all(c.source != "the author" for c in analysis.claims)


def test_what_the_article_adds_after_but_is_not_the_sources_claim() -> None:
    text = ("Nearly 3,000 pages of court records were released this week.\n\n"
            "Prosecutor Geoffrey Berman sought to speak with Prince Andrew about the case, but the royal declined "
            "to be interviewed. Two years later, prosecutors allowed Epstein to plead guilty to a charge "
            "involving a single victim.")
    claims = [c.claim for c in analyze(text).claims]
    assert any(claim.endswith("Berman sought to speak with Prince Andrew about the case.") for claim in claims)
    assert not any(claim.startswith("Guilty") or "declined" in claim for claim in claims)


def test_when_a_source_spoke_is_not_what_it_said() -> None:
    text = ("President Donald Trump has lashed out after a divided Supreme Court upheld a broad conception of "
            "birthright citizenship.\n\nThe court ruled 6-3 on Friday. “No amendment is necessary!” he wrote.")
    claims = analyze(text).claims
    assert not any(c.source == "Donald Trump" and c.claim.startswith("After") for c in claims)


def test_a_summarys_list_mark_is_no_part_of_the_lede_claim() -> None:
    text = "- Emma Roma Jayne lost 130 pounds in two years after surgery in 2023.\n\nShe said she felt better."
    assert analyze(text).claims[0].claim.startswith("Emma Roma Jayne lost 130 pounds")


def test_a_study_published_in_a_journal_is_a_document_not_the_journal() -> None:
    text = ("A 2014 study published in the Turkish Journal of Surgery found that 80% of the participants bought "
            "smaller shoes a year after the surgery.")
    (claim,) = [c for c in analyze(text).claims if c.source]
    assert claim.source_type == "document"


def test_no_one_and_everyone_refusals_and_modifiers_say_nothing() -> None:
    from bot.analysis.attribution import attribute
    from bot.language import parse

    for text in ("On top of that, not everyone wants to share all their activity data with everyone all the time.",
                 "Strava wouldn't confirm how many of its 125 million members are active users.",
                 "The committee sent a letter about alleged secret police stations operating inside the U.S."):
        assert [a for a in attribute(text, parse(text)) if a.source] == [], text
    told = "We’re told that there is security footage that could catch the culprit."
    (hearsay,) = [a for a in attribute(told, parse(told)) if a.cue == "told"]
    assert hearsay.source == "" and hearsay.source_type == "unattributed"


def test_the_subject_is_the_whole_phrase_not_the_last_noun_of_its_modifier() -> None:
    from bot.analysis.attribution import attribute
    from bot.language import parse

    text = ("Lawmakers on the House Select Committee on the Strategic Competition Between the United States and "
            "the Chinese Communist Party requested more information.")
    (found,) = [a for a in attribute(text, parse(text)) if a.source]
    assert found.source.startswith("Lawmakers on the House Select Committee") and found.source_type == "anonymous"


def test_what_a_company_calls_something_is_a_name_not_a_claim() -> None:
    from bot.analysis.attribution import attribute
    from bot.language import parse

    named = "Strava is now throwing its weight behind what it calls a “family plan” to entice sign-ups."
    assert [a for a in attribute(named, parse(named)) if a.cue.startswith("call")] == []
    claimed = "The senator called the plan a disaster."
    assert [a.source for a in attribute(claimed, parse(claimed))] == ["The senator"]


@pytest.mark.parametrize(("text", "source", "opening"), [
    # an object and its infinitive keep the source that expects it
    ("Carmakers showed 30 new electric models at the show on Tuesday, the organisers said.\n\n"
     "Analysts expect the number of electric vehicles for sale in the U.S. to grow from 16 to 80 by 2022.",
     "Analysts", "Analysts expect the number of electric vehicles for sale in the U.S. to grow from 16 to 80 by 2022."),
    # a pronoun before its "according to" source is not the source
    ("Toyota showed a plug-in version of its best-selling SUV at the show on Tuesday.\n\n"
     "It will get the equivalent of 90 miles per gallon of gasoline, according to Toyota.",
     "Toyota", "It will get the equivalent of 90 miles per gallon"),
    # a statement opening on a relative pronoun keeps what it hangs on
    ("Disney’s new streaming service launched on Tuesday.\n\n"
     "Some consumers who sought help on launch day reported telephone wait times that exceeded two hours.",
     "Some consumers", "Some consumers who sought help on launch day reported telephone wait times"),
])
def test_a_claim_reads_as_a_whole_statement(text: str, source: str, opening: str) -> None:
    claim = next(c for c in analyze(text).claims if c.source == source)
    assert claim.claim.startswith(opening)


def test_a_document_an_outlet_obtained_is_the_documents_claim_reported_by_the_outlet() -> None:
    text = ("The state flood agency ignored repeated warnings about the levee for months, documents obtained by "
            "The Associated Press show.\n\n"
            "Engineers had warned in March that the levee could fail in a heavy storm, according to a memo "
            "reviewed by Reuters.")
    analysis = analyze(text)
    first = analysis.claims[0]
    assert (first.source, first.source_type) == ("documents", "document")
    assert "reported by The Associated Press" in first.notes
    engineers = next(c for c in analysis.claims if c.source == "Engineers")
    assert engineers.notes[-2:] == ["reported by a memo", "reported by Reuters"]
    assert len(analysis.claims) == 2  # the memo's and Reuters' credit for the same statement are not two claims
    assert analysis.sourcing.other_outlets == ["The Associated Press", "Reuters"]
    assert analysis.sourcing.single_source_claims == [1, 2]  # an outlet passing a claim on never corroborates it


def test_what_an_agency_quoted_an_official_passing_on_is_the_witnesses_claim() -> None:
    analysis = analyze("Local people reported seeing a flash of light and hearing a loud thud west of the town, the "
                       "regional government was quoted as saying late Thursday by the Interfax news agency.")
    (claim,) = analysis.claims
    assert claim.source == "Local people"
    assert claim.notes == ["reported by the regional government", "reported by the Interfax news agency"]
    assert analysis.sourcing.other_outlets == ["the Interfax news agency"]


def test_a_headline_crediting_no_one_leads_where_the_opening_is_someones_aside() -> None:
    text = ("BUFFALO, N.Y. — Hours before Zach Parise’s two-goal performance Tuesday, Wild coach Bruce Boudreau "
            "expressed confidence in the veteran winger, saying he always finds a way to start scoring.\n\n"
            "“It takes a little longer now, but he’s playing well,” Boudreau said after the game.")
    analysis = analyze(text, "Zach Parise heating up, scores twice as Wild beat Sabres 4-1")
    first = analysis.claims[0]
    assert first.claim == "Zach Parise heating up, scores twice as Wild beat Sabres 4-1"
    assert (first.source, first.status, first.notes) == (None, "fact", ["headline"])
    assert analysis.sourcing.sources == ["Bruce Boudreau"]  # "Hours" before the coach is no source
    own = analyze("Storm closes every school in the county on Monday. Officials said the roads were icy.",
                  "Blizzard shuts schools across the region")
    assert all("headline" not in c.notes for c in own.claims)  # the story's own claim is already first


def test_a_credit_line_names_the_outlets_relied_on_and_is_no_claim() -> None:
    text = ("Economy Minister Marcelo Ebrard said on Tuesday that the tariffs were illogical and would hurt both "
            "countries.\n\nWith reports from Reforma and El Economista")
    analysis = analyze(text)
    assert [c.source for c in analysis.claims] == ["Marcelo Ebrard"]
    assert analysis.sourcing.other_outlets == ["Reforma", "El Economista"]
    assert analysis.sourcing.source_counts == {"person": 1, "outlet": 2}
    prose = analyze("With reports from the scene, the minister said the bridge would reopen in May next year.")
    assert prose.sourcing.other_outlets == []


def test_a_party_that_has_not_commented_is_named_as_not_heard_from() -> None:
    analysis = analyze("Prosecutors said on Monday that the office had ignored warnings about the budget for years."
                       "\n\nYoon’s office has not commented on the allegations.")
    assert analysis.sourcing.not_heard == ["Yoon’s office (has not commented)"]


def test_an_outlets_own_reporting_is_not_another_outlet() -> None:
    text = ("Waiting lists for hip operations have doubled in five years, according to figures obtained by the BBC."
            "\n\nThe Royal College of Surgeons said patients were being left in pain.")
    own = analyze_offline(Article(title="", text=text, word_count=30, outlet="BBC News",
                                  url="https://www.bbc.co.uk/news/health-1"))
    assert own.sourcing.other_outlets == [] and own.sourcing.sources[0] == "figures"
    other = analyze_offline(Article(title="", text=text, word_count=30, outlet="The Guardian",
                                    url="https://www.theguardian.com/society/1"))
    assert other.sourcing.other_outlets == ["the BBC"]
    assert "reported by the BBC" in other.claims[0].notes
