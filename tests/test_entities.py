"""One entity per real-world source, on short texts of our own: each rule of the grouping, the kinds taken
from the entity, the finder's sources judged on the parse, and sourcing that counts entities, not mentions."""

from __future__ import annotations

from bot.analysis.attribution import attribute, entity_mentions
from bot.analysis.models import Attribution
from bot.analysis.offline import analyze_offline
from bot.language import parse
from bot.reading.article import Article


def attributions(text: str) -> list[Attribution]:
    return attribute(text, parse(text))


def by_written(text: str) -> dict[str, Attribution]:
    return {a.source_text or "": a for a in attributions(text)}


def test_full_name_honorific_and_surname_are_one_person() -> None:
    text = ("Kevin Marcus, a lawyer for the family, said the case was weak. “We will appeal,” Mr. Marcus said. "
            "Marcus added that the hearing was set for May.")
    found = [a for a in attributions(text) if a.source]
    assert {a.entity for a in found} == {found[0].entity} and len(found) == 3
    assert {a.source for a in found} == {"Kevin Marcus"}
    assert [a.source_text for a in found] == ["Kevin Marcus, a lawyer for the family", "Mr. Marcus", "Marcus"]


def test_two_people_sharing_a_surname_stay_apart() -> None:
    text = "David Marcus said the deal was done. Kevin Marcus said the deal was not done."
    found = attributions(text)
    assert len({a.entity for a in found}) == 2 and {a.source for a in found} == {"David Marcus", "Kevin Marcus"}


def test_an_appositive_is_split_into_the_name_and_its_role() -> None:
    text = "Anne Gonzales, a spokeswoman for the California Independent System Operator, said the grid was stable."
    (only,) = attributions(text)
    assert only.source == "Anne Gonzales" and only.source_type == "person"
    assert only.role == "a spokeswoman for the California Independent System Operator"


def test_a_title_ties_the_role_to_the_name() -> None:
    text = ("Mayor Bill de Blasio said the city would reopen schools on Monday. “We are ready,” the mayor said. "
            "De Blasio added that teachers would be tested.")
    found = attributions(text)
    assert len({a.entity for a in found}) == 1 and {a.source for a in found} == {"Bill de Blasio"}
    assert found[0].role == "Mayor"


def test_a_capitalised_title_met_before_the_name_is_the_one_person_holding_it() -> None:
    text = ("The US President said the alliance had failed its members. Ukrainian President Volodymyr Zelensky said "
            "his country needed more air defence. US President Donald Trump said allies should pay more.")
    found = {a.source_text: a for a in attributions(text)}
    assert found["The US President"].entity == found["US President Donald Trump"].entity
    assert found["The US President"].source == "Donald Trump"
    assert found["Ukrainian President Volodymyr Zelensky"].entity != found["The US President"].entity


def test_a_body_its_acronym_short_form_and_description_are_one_source() -> None:
    text = ("Anne Gonzales, a spokeswoman for the California Independent System Operator, said supply was tight. "
            "California ISO said on Tuesday that prices would rise. The grid operator said it had enough power. "
            "The Nuclear Regulatory Commission said the plant was safe. The NRC said it would inspect it again.")
    written = by_written(text)
    iso = {written["California ISO"].entity, written["The grid operator"].entity}
    assert len(iso) == 1 and written["California ISO"].source == "California Independent System Operator"
    assert written["The grid operator"].source_type == "organisation"
    assert written["The NRC"].entity == written["The Nuclear Regulatory Commission"].entity
    assert written["The NRC"].entity not in iso


def test_she_is_not_given_to_a_man() -> None:
    text = ("Ms. Roe said the ruling was unfair. Mr. Smith said the ruling was fair. "
            "She added that the family would appeal to the supreme court.")
    found = attributions(text)
    she = next(a for a in found if a.source_text == "She")
    assert she.entity == next(a for a in found if a.source_text == "Ms. Roe").entity


def test_a_man_who_told_her_something_is_not_a_woman() -> None:
    text = ("Maria Alves runs the clinic. She said it had been closed for a week. Paul Stone told her the money was "
            "gone. The accounts were frozen in March. Stone runs the bank. He said the losses were small. "
            "She said the staff were never paid.")
    found = attributions(text)
    assert [a.source for a in found if a.source_text == "She"] == ["Maria Alves", "Maria Alves"]


def test_a_reflexive_on_his_own_verb_shows_a_mans_gender() -> None:
    text = ("Maria Alves said the clinic had closed. Paul Stone said the accounts were frozen. "
            "Stone blamed himself for the losses. She said the staff were never paid.")
    found = attributions(text)
    assert next(a for a in found if a.source_text == "She").source == "Maria Alves"


def test_a_couple_sharing_a_surname_gives_the_surname_no_gender() -> None:
    from bot.analysis.attribution.coreference import honorific_genders
    text = "Mr. Lassiter filed the suit. Ms. Lassiter did not comment. Mr. Moore denied it."
    assert honorific_genders(parse(text)) == {"moore": "male"}


def test_a_person_who_shares_a_name_with_an_outlet_is_a_person() -> None:
    text = ("Michael Bloomberg said he would spend his own money on the campaign. "
            "Bloomberg reported on Tuesday that markets fell sharply after the vote.")
    written = by_written(text)
    assert written["Michael Bloomberg"].source_type == "person"
    assert written["Bloomberg"].source_type == "outlet"
    assert written["Bloomberg"].entity != written["Michael Bloomberg"].entity


def test_kinds_come_from_the_entity() -> None:
    text = ("An affidavit filed on Monday said the officer had fired twice. Officials said the review would take "
            "months. The Ukrainian Defence Ministry said the strike hit a depot. Many Ukrainians said they were "
            "tired of the war. Local people said the blast shook their windows.")
    kinds = {a.source_text: a.source_type for a in attributions(text)}
    assert kinds["An affidavit filed on Monday"] == "document"
    assert kinds["Officials"] == "anonymous"
    assert kinds["The Ukrainian Defence Ministry"] == "organisation"
    assert kinds["Many Ukrainians"] == "anonymous"
    assert kinds["Local people"] == "anonymous"


def test_a_clause_is_never_a_source() -> None:
    text = ("In one instance, Ukrainians sent out texts to Russians telling them how to surrender, and one tank "
            "commander replied saying he would like to do just that.")
    for a in attributions(text):
        assert a.source_text != "Ukrainians sent out texts to Russians" and a.source_type != "person"


def test_the_grammar_finds_a_source_the_string_rules_missed() -> None:
    text = ("Numerous military veterans interviewed at rallies in South Carolina this week, including Mr. Jebens, "
            "said they had no problem with the comments.")
    (only,) = attributions(text)
    assert only.source_text.startswith("Numerous military veterans") and "no problem" in only.content
    assert only.source_type == "anonymous"


def test_every_mention_of_a_source_entity_is_found() -> None:
    text = ("North Carolina House Speaker Tim Moore is accused of interfering in a marriage. "
            "Moore said the lawsuit was baseless.")
    parsed = parse(text)
    found = attribute(text, parsed)
    mentions = entity_mentions(parsed, found)
    moore = {m.entity for m in mentions}
    assert len(moore) == 1 and {text[m.start:m.end] for m in mentions} >= {"Tim Moore", "Moore"}


def test_sourcing_counts_entities_not_mentions() -> None:
    text = ("Kevin Marcus, a lawyer, said the case was weak and the judge should dismiss it. "
            "“We will appeal the decision,” Mr. Marcus said on Tuesday. Marcus added that the hearing was set for "
            "next month. The Justice Department said it would respond to the filing in court next week.")
    analysis = analyze_offline(Article(title="", text=text, word_count=len(text.split())))
    assert analysis.sourcing.source_counts == {"person": 1, "organisation": 1}
    assert analysis.sourcing.sources == ["Kevin Marcus", "The Justice Department"]


def test_a_source_written_with_its_relative_clause_keeps_the_recognisers_label() -> None:
    text = "Israel, which controls tax receipts, said it would withhold the money."
    (only,) = attributions(text)
    assert only.source == "Israel" and only.source_type == "organisation"


def test_a_common_noun_before_a_name_says_what_it_names() -> None:
    found = by_written("The season began early, according to whale rescue group Project Jonah. The revelations by "
                       "newspaper Dagens Nyheter show the scale. Sales fell, said company CEO Andy Vesey.")
    assert found["whale rescue group Project Jonah"].source_type == "organisation"
    revelations = found["The revelations by newspaper Dagens Nyheter"]
    assert revelations.source_type == "outlet" and revelations.source == "Dagens Nyheter"
    assert found["company CEO Andy Vesey"].source_type == "person"


def test_one_unnamed_member_of_a_named_body_is_unnamed() -> None:
    text = "Halibut is rare this year, said a commissioner on the Seattle-based International Pacific Halibut Commission."
    (only,) = attributions(text)
    assert only.source_type == "anonymous"


def test_a_pronoun_with_no_earlier_source_is_the_last_person_named_not_a_company() -> None:
    text = ("From the deck of his schooner, skipper Wade Bassi has better insight than most into what is happening at Amazon-owned Whole Foods Market. "
            "“When you look at nice halibut, I mean it is pure white,” he said.")
    (only,) = attributions(text)
    assert only.source == "Wade Bassi" and only.source_type == "person"


def test_a_relative_pronoun_stands_for_the_phrase_its_clause_hangs_on() -> None:
    text = "Leaders met in Jerusalem. Netanyahu, who has declared his intention to resist the deal, met Kerry."
    (only,) = [a for a in attributions(text) if a.source_text == "who"]
    assert only.source == "Netanyahu"


def test_a_role_the_article_never_puts_a_name_to_is_an_unnamed_source() -> None:
    text = "Shares fell on Monday. The chief executive said the sale would close in March."
    (only,) = attributions(text)
    assert only.source == "The chief executive" and only.source_type == "anonymous"


def test_is_to_blame_reports_nothing_and_people_are_a_group() -> None:
    found = attributions("Climate change is to blame too, scientists think. Local people said the crash was loud.")
    assert [(a.source, a.source_type) for a in found] == [("scientists", "anonymous"), ("Local people", "anonymous")]


def test_he_never_stands_for_a_company_the_article_names_as_one() -> None:
    text = ("“People think it is all protected and safe, but it is really not,” said Patrick McHugh, vice president "
            "of planning for Con Edison, which maintains about 90,000 miles of cable in the city. Con Edison said "
            "the cables were old. “You have water and gas down there,” he added.")
    found = {a.cue: a for a in attributions(text) if a.source}
    assert found["added"].source == "Patrick McHugh"


def test_a_role_is_the_person_last_named_with_that_title_even_if_never_quoted_by_name() -> None:
    text = ("Kentucky Gov. Matt Bevin spoke last week. Republican Gov. Eric Holcomb and legislative leaders met on "
            "Monday. The governor said teachers would get a raise.")
    (only,) = [a for a in attributions(text) if a.source_text == "The governor"]
    assert only.source == "Eric Holcomb" and only.source_type == "person"


def test_the_unnamed_source_met_again_is_the_same_source() -> None:
    text = ("A spokesperson who did not wish to be named said the agency follows the law. The spokesperson said no "
            "child was harmed.")
    found = [a for a in attributions(text) if a.source]
    assert len(found) == 2 and len({a.entity for a in found}) == 1 and found[0].source_type == "anonymous"


def test_the_head_noun_gives_the_kind_whatever_names_modify_it() -> None:
    found = by_written("Trump allies said the race was tightening. Harris and Trump are neck-and-neck in most "
                       "national polls conducted since President Joe Biden ended his campaign.")
    assert found["Trump allies"].source_type == "anonymous"
    assert [a.source_type for w, a in found.items() if w.startswith("most national polls")] == ["document"]


def test_a_team_that_takes_the_is_not_a_person() -> None:
    found = attributions("The Dodgers celebrated their 50th anniversary with a game. The Dodgers said the crowd was "
                         "a record.")
    assert {a.source_type for a in found} == {"organisation"} and {a.source for a in found} == {"The Dodgers"}


def test_a_full_name_the_recogniser_calls_an_organisation_is_still_the_person_quoted() -> None:
    text = ("Brave Marina Lacerda, 37, said she was 14 when she met him. Lacerda said the abuse lasted years. "
            "Speaking on Monday, Marina Lacerda said she waived her anonymity in September.")
    found = [a for a in attributions(text) if a.source]
    assert len(found) == 3 and len({a.entity for a in found}) == 1 and {a.source_type for a in found} == {"person"}
    assert {a.source for a in found} == {"Marina Lacerda"}  # the tabloid's "Brave" is not her name


def test_outlets_are_known_by_name_but_an_insider_is_a_person() -> None:
    found = by_written("The film made $40 million, Deadline reported. An insider said the studio was pleased. "
                       "The sequel is in development, according to The Hollywood Reporter.")
    assert found["Deadline"].source_type == "outlet" and found["The Hollywood Reporter"].source_type == "outlet"
    assert found["An insider"].source_type == "anonymous"


def test_two_sources_speaking_together_take_the_kind_of_the_pair() -> None:
    found = by_written("Both Roscosmos and NASA said the crash was not caused by the crew. Holcomb and GOP "
                       "legislative leaders touted the plan. Customs and Border Protection said the policy was lawful.")
    assert found["Both Roscosmos and NASA"].source_type == "organisation"
    assert found["Holcomb and GOP legislative leaders"].source_type == "anonymous"
    assert found["Customs and Border Protection"].source == "Customs and Border Protection"


def test_an_appositive_after_a_name_after_its_cue_is_its_role() -> None:
    text = "“We will appeal,” said Kevin Marcus, a lawyer for the family, on Monday."
    (only,) = attributions(text)
    assert only.source == "Kevin Marcus" and only.role == "a lawyer for the family"


def test_documents_bodies_and_an_outlets_own_reporting() -> None:
    found = by_written("A press kit said the drills were routine. The military said it was keeping the president "
                       "safe. Pay rose 4 percent, according to teachers unions. The Wrap’s report claims Pine will be "
                       "back. The film made $40 million, The Hollywood Reporter said.")
    assert found["A press kit"].source_type == "document"
    assert found["The military"].source_type == "organisation"
    assert found["teachers unions"].source_type == "organisation"
    assert found["The Wrap’s report"].source_type == "outlet"
    assert found["The Wrap’s report"].entity != found["The Hollywood Reporter"].entity


def test_an_outlets_full_name_is_the_outlet_whatever_the_recogniser_says() -> None:
    found = by_written("Dagens Nyheter said criminals had infiltrated the police. The film made $40 million, "
                       "according to reports from The Wrap and Deadline.")
    assert found["Dagens Nyheter"].source_type == "outlet"
    assert found["reports from The Wrap and Deadline"].source_type == "outlet"


def test_no_one_is_not_a_source_and_an_expletive_it_names_nobody() -> None:
    assert attributions("Although no group claimed responsibility, the bloodshed raised fears of more attacks.") == []
    assert attributions("Nobody said the plan would work.") == []
    (only,) = attributions("It’s expected that a band of rotating storms will form around midafternoon.")
    assert only.source == "" and only.source_type == "unattributed"


def test_an_opening_participle_and_its_outlet_are_not_the_speakers_name() -> None:
    (only,) = attributions("Speaking to the Daily Mail Lacerda said she was lured into the room.")
    assert only.source_text == "Lacerda"


def test_a_label_before_a_colon_is_not_a_speaker() -> None:
    assert attributions("Attendance: 93,103, which set a record for attendance for a baseball game.") == []
    (only,) = attributions("Smith: “We will not back down from this fight.”")
    assert only.source == "Smith"


def test_a_firm_named_like_a_document_is_a_firm() -> None:
    found = by_written("Sales rose 3 percent, according to Coresight Research. Prices fell, according to data "
                       "analysis firm 1010data.")
    assert [a.source_type for w, a in found.items() if "Coresight" in w] == ["organisation"]


def test_a_dateline_is_not_a_source_and_the_airline_is_not_the_aviation_authority() -> None:
    text = ("KATHMANDU, April 25 (Reuters) - Nepal's civil aviation authority disputed on Tuesday whether a plane had "
            "been hit by a bird, calling the carrier's account \"misleading\". The airline had said the flight "
            "was hit by a bird during take-off.")
    found = by_written(text)
    assert "KATHMANDU" not in " ".join(found)
    assert found["The airline"].entity != found["Nepal's civil aviation authority"].entity
    assert found["The airline"].source == "The airline"  # not the wire in the dateline, "(Reuters)"


def test_a_surname_two_people_share_is_the_one_named_last_before_it() -> None:
    text = ("Whale whisperer Hori Parata was seven when he attended his first stranding. “Man’s greed is hurting the "
            "whales,” says Parata. His son Te Kaurinui Robert Parata now leads the work.")
    found = [a for a in attributions(text) if a.source]
    assert [a.source for a in found] == ["Hori Parata"]  # not his son, named after the quote


def test_a_surname_after_its_cue_is_a_named_person_whatever_the_tagger_says() -> None:
    (only,) = attributions("The plan failed, said Skelly.")
    assert only.source == "Skelly" and only.source_type == "person"


def test_the_company_is_the_one_named_just_before_not_the_last_one_quoted() -> None:
    text = ("Nissan says the new Sentra will offer better gas mileage.\n\nVolkswagen is showing a concept car "
            "called the Space Vizzion. The German automaker says the wagon will go 300 miles on one charge. "
            "VW says the car is a preview of a production vehicle.")
    found = by_written(text)
    german = next(a for written, a in found.items() if written.startswith("The German automaker"))
    assert german.source == "Volkswagen" and german.source_type == "organisation"
    assert found["VW"].entity == german.entity != found["Nissan"].entity


def test_a_bare_plural_is_the_group_last_quoted_under_that_noun() -> None:
    text = ("Industry analysts say the new models will lift sales. Analysts expect the number of electric cars "
            "to grow. A group of physicians said the plan was unsafe. The physicians said they would pay.")
    found = by_written(text)
    assert found["Analysts"].entity == found["Industry analysts"].entity
    assert found["The physicians"].entity == found["A group of physicians"].entity
    assert found["Analysts"].entity != found["The physicians"].entity


def test_two_sources_speaking_together_are_listed_as_each_of_them() -> None:
    text = ("Gossip about the sequel began last year, according to reports from The Wrap and Deadline. "
            "The Wrap’s report claims the star will return. Deadline reports that the studio agreed. "
            "The Russian space agency Roscosmos said the craft broke up over Siberia. But both Roscosmos and NASA "
            "said the crash would have no impact on the station.")
    found = by_written(text)
    assert found["The Wrap’s report"].source == "The Wrap" and found["The Wrap’s report"].source_type == "outlet"
    assert [m.name for m in found["both Roscosmos and NASA"].members] == ["Roscosmos", "NASA"]
    sourcing = analyze_offline(Article(title="", text=text, word_count=len(text.split()))).sourcing
    assert sorted(sourcing.sources) == ["Deadline", "NASA", "Roscosmos", "The Wrap"]
    assert sourcing.source_counts == {"outlet": 2, "organisation": 2}
    assert sorted(sourcing.other_outlets) == ["Deadline", "The Wrap"]


def test_a_short_form_of_one_member_is_that_member_not_the_pair() -> None:
    text = ("The United Nations and European Union stressed that the settlements were illegal. "
            "The EU reiterated that it still considers all settlement activity illegal.")
    found = by_written(text)
    assert found["The EU"].entity != found["The United Nations and European Union"].entity
    assert found["The EU"].source == "European Union"


def test_the_paper_is_the_outlet_named_just_before_and_the_unions_the_unions_quoted() -> None:
    text = ("The prime minister said he was concerned about the revelations by newspaper Dagens Nyheter. "
            "In a report published over the weekend, the paper claimed that the leaks reached gang members. "
            "Nearly 300 school districts closed, according to teachers unions. The unions said the rally was a "
            "success.")
    found = by_written(text)
    assert found["the paper"].source == "Dagens Nyheter" and found["the paper"].source_type == "outlet"
    assert found["The unions"].entity == found["teachers unions"].entity
    assert found["The unions"].source == "teachers unions"


def test_he_is_the_person_the_sentence_before_is_about_when_it_attributes_nothing() -> None:
    text = ("Jamil Al Saadouni, 58, told CBC the appointment was an internal decision.\n\n"
            "Abu Hassan Amer, 44, agreed.\n\n"
            "“Choosing a military leadership now can harm the negotiations,” he told El Saife. "
            "“There are rules to war,” said Amer.")
    found = [a for a in attributions(text) if a.source]
    he = next(a for a in found if a.source_text == "he")
    assert he.source == "Abu Hassan Amer"
    assert he.entity == next(a for a in found if a.source_text == "Amer").entity
    assert he.entity != next(a for a in found if a.source_text == "Jamil Al Saadouni").entity


def test_a_name_the_recogniser_cut_short_is_not_split_into_a_role() -> None:
    text = ("Tourism accounts for 15 percent of the economy, according to the World Travel and Tourism Council, "
            "an industry body. The Russian space agency Roscosmos said the craft broke up.")
    found = by_written(text)
    assert found["the World Travel and Tourism Council"].source == "the World Travel and Tourism Council"
    assert found["The Russian space agency Roscosmos"].source == "Roscosmos"


def test_a_body_named_by_its_fields_is_one_name_and_both_of_two_is_both() -> None:
    text = ("Stanford University's Center on Poverty and Inequality said the report calls that into question. "
            "Both Roscosmos and NASA said the crash would have no impact.")
    found = by_written(text)
    center = found["Stanford University's Center on Poverty and Inequality"]
    assert center.source == "Stanford University's Center on Poverty and Inequality" and not center.members
    both = found["Both Roscosmos and NASA"]
    assert both.source == "Both Roscosmos and NASA" and [m.name for m in both.members] == ["Roscosmos", "NASA"]


def test_a_short_form_the_article_defines_in_brackets_is_that_body() -> None:
    text = ("The minister allocated R4bn to the South African Revenue Service (Sars) this year. "
            "Sars said it would hire 1,000 debt collectors.")
    (sars,) = attributions(text)
    assert sars.source == "South African Revenue Service" and sars.source_type == "organisation"


def test_it_is_the_document_the_sentence_before_is_about() -> None:
    text = ("Nato said the alliance would stand together. The report is one of Nato's core documents. "
            "It says that an armed attack against one member will be considered an attack against all.")
    it = by_written(text)["It"]
    assert it.source == "The report" and it.source_type == "document"


def test_a_share_of_a_group_is_no_named_person() -> None:
    from bot.analysis.attribution import classify_source

    assert classify_source("44 per cent of British people") == "anonymous"
    assert classify_source("Per cent of British people") == "anonymous"
    assert classify_source("Percy Smith") == "person"


def test_article_wide_name_lists_are_worked_out_once_per_parse() -> None:
    import gc

    from bot.analysis.attribution.names import per_parse

    calls: list[int] = []

    @per_parse
    def count(parsed):
        calls.append(1)
        return [len(parsed.tokens)]

    first, second = parse("Anne Gonzales said the grid was stable."), parse("Officials said it was not.")
    assert count(first) is count(first) and len(calls) == 1
    assert count(second) == [len(second.tokens)] and len(calls) == 2
    del first
    gc.collect()
    third = parse("The mayor said the bridge would reopen.")  # may reuse the freed parse's address: not its entry
    assert count(third) == [len(third.tokens)] and len(calls) == 3


def test_a_verb_joined_to_a_reported_clause_in_another_tense_has_the_reporters_subject() -> None:
    text = ("Mary Lane said the landlord then announced: “The rent goes up today,” and alleges his agent then "
            "changed the locks.")
    found = attributions(text)
    alleges = next(a for a in found if a.cue == "alleges")
    assert alleges.source == "Mary Lane" and "changed the locks" in alleges.content
    assert next(a for a in found if a.cue == "announced").source == "the landlord"


def test_a_document_of_a_source_the_article_quotes_is_that_source() -> None:
    text = ("Customs and Border Protection said it would not vaccinate families in its holding centres. "
            "CBP’s guidelines recommend holding people no longer than 72 hours. "
            "The hospital’s report found that wards were full.")
    found = by_written(text)
    assert found["CBP’s guidelines"].entity == found["Customs and Border Protection"].entity
    assert found["CBP’s guidelines"].source == "Customs and Border Protection"
    assert found["The hospital’s report"].source_type == "document"  # no hospital speaks: the report stands alone


def test_a_trailing_source_with_its_relative_clause_is_kept_over_a_name_inside_the_statement() -> None:
    text = ("The rebel figures are cabinet ministers Jonathan Moyo and Saviour Kasukuwere, who fled to the compound "
            "after their homes were attacked by troops in Tuesday night's coup, the source, who said he had spoken to "
            "people inside the compound, told Reuters.")
    told = next(a for a in attributions(text) if a.cue == "told")
    assert told.source == "the source" and told.content.startswith("The rebel figures are cabinet ministers")


def test_the_bare_title_of_a_named_royal_is_that_person() -> None:
    text = ("King Charles said the government would build 1.5 million homes. The fundamental mission will be "
            "growth, the King said. Keir Starmer said the plans were fully costed.")
    found = by_written(text)
    assert found["the King"].entity == found["King Charles"].entity
    assert found["Keir Starmer"].entity != found["King Charles"].entity


def test_a_time_before_the_source_is_not_part_of_it() -> None:
    found = attributions("Last week the group called for supporters to gather in the gardens on Wednesday.")
    assert [a.source_text for a in found] == ["the group"]


def test_it_after_a_sentence_about_a_provision_or_a_purpose() -> None:
    from bot.analysis.attribution.kinds import classify_source
    assert classify_source("Article 5") == "document" and classify_source("Section 230") == "document"
    text = ("Downing Street said the islands were British. Nato's primary purpose was to block expansion in "
            "Europe. It also aimed to encourage European political integration.")
    assert all("purpose" not in a.source for a in attributions(text))  # a purpose says nothing


def test_a_role_before_its_holders_name_in_any_script_is_the_person() -> None:
    text = ("Forensic police found the tenth victim inside the building, the national government delegate in "
            "Valencia, Pilar Bernabé, told journalists. Police will test the remains, she said.")
    found = [a for a in attributions(text) if a.source]
    assert {a.source for a in found} == {"Pilar Bernabé"} and len({a.entity for a in found}) == 1
    assert found[0].source_type == "person"


def test_a_capitalised_office_with_no_name_is_a_person_a_lowercase_role_is_unnamed() -> None:
    text = ("The United Nations High Commissioner for Human Rights said the settlements were illegal. "
            "The spokesman said the office would publish a report.")
    found = by_written(text)
    assert found["The United Nations High Commissioner for Human Rights"].source_type == "person"
    assert found["The spokesman"].source_type == "anonymous"


def test_the_shares_a_poll_reports_are_the_poll() -> None:
    text = ("An AP-NORC poll conducted in August found that many voters were unhappy. About 3 in 10 independents "
            "say Harris is honest, while about 2 in 10 say Trump is. Pollster John Anzalone said the race was close. "
            "Nearly half of voters said the economy was their main concern.")
    found = by_written(text)
    poll = found["An AP-NORC poll conducted in August"].entity
    assert found["3 in 10 independents"].entity == poll and found["about 2 in 10"].entity == poll
    assert found["Nearly half of voters"].entity == poll
    assert found["Pollster John Anzalone"].entity != poll


def test_a_definite_role_after_an_unnamed_one_with_a_place_is_the_same_person() -> None:
    text = "A doctor on the scene told reporters that he tried to save the man. “It is a shame,” the doctor said."
    found = by_written(text)
    assert found["the doctor"].entity == found["A doctor on the scene"].entity


def test_weighing_in_gives_a_view_weighing_a_pound_does_not() -> None:
    assert attributions("The sleeping bag weighs a mere 1 pound 9.7 ounces, the lightest in this guide.") == []
    (weighed,) = attributions("The senator weighed in on the debate on Tuesday.")
    assert weighed.source == "The senator" and weighed.cue == "weighed in"


def test_a_later_definite_mention_of_a_report_is_the_same_report_another_bodys_is_not() -> None:
    text = ("A tank crew fired two shells at the journalists, according to a report published on Thursday. "
            "The report by the Netherlands Organisation for Applied Scientific Research found the tank was 1.3 km "
            "away. The army's own report said the crew had acted within the rules.")
    found = by_written(text)
    report = found["a report published on Thursday"]
    assert found["The report by the Netherlands Organisation for Applied Scientific Research"].entity == report.entity
    assert report.source == "The report by the Netherlands Organisation for Applied Scientific Research"
    assert found["The army's own report"].entity != report.entity


def test_a_name_that_only_describes_another_noun_is_no_mention_of_its_bearer() -> None:
    text = ("Barack Obama said the deal was fair. The plan of the Obama administration was dropped in March. "
            "Obama added that talks would go on.")
    parsed = parse(text)
    mentions = entity_mentions(parsed, attribute(text, parsed))
    obama = {text[m.start:m.end] for m in mentions}
    assert "Obama" in obama and "Barack Obama" in obama
    assert not any(text.find("Obama administration") <= m.start < text.find("administration") for m in mentions)


def test_a_one_word_name_that_takes_the_is_a_group_not_a_person() -> None:
    from bot.analysis.attribution.kinds import classify_source
    assert classify_source("The Ngātiwai") == "organisation" and classify_source("The Mayor") == "person"


def test_a_person_named_just_after_the_role_that_is_written_as_the_source() -> None:
    text = ("The jobs report was strong. TD Economics director and senior economist Andrew Hencic said the rate "
            "beat expectations. The numbers end the recession debate, said Chartered Professional Accountants of "
            "Canada’s chief economist, David-Alexandre Brassard.")
    found = [a for a in attributions(text) if a.source]
    assert [a.source for a in found] == ["Andrew Hencic", "David-Alexandre Brassard"]
    assert (found[0].role or "").endswith("senior economist") and not found[0].members
    assert all(a.source_type == "person" for a in found)
    (osborne,) = attributions("“The book captures his optimism,” says the former editor of the Standard, George "
                              "Osborne.")
    assert osborne.source == "George Osborne"  # not "Standard", which the recogniser calls a person


def test_a_number_with_a_thousands_comma_is_not_cut_at_it() -> None:
    from bot.analysis.attribution.source_names import name_of
    assert name_of("964,000 people age 12 and older, which account for 0.4 percent") == "964,000 people age 12 and older"
    assert name_of("The council leader, Margaret Hale") == "Margaret Hale"


def test_an_embedded_post_is_its_authors_statement() -> None:
    text = ("The administration raised tariffs on steel on Tuesday.\n\n"
            "This is an America First policy that will protect American workers. pic.twitter.com/zgUhcxXB2g\n\n"
            "— The White House (@WhiteHouse) February 11, 2025\n\n"
            "The tariffs take effect in March.")
    (post,) = [a for a in attributions(text) if a.cue == "posted"]
    assert (post.source, post.source_type, post.direct) == ("The White House", "organisation", True)
    assert post.content == "This is an America First policy that will protect American workers."
    assert text[post.source_start:post.source_end] == "The White House"


def test_a_signature_with_no_post_above_it_credits_nothing() -> None:
    prose = "Officials met on Tuesday to discuss the budget, which has been delayed for months. " * 4
    text = f"{prose}\n\n— Jane Roe (@janeroe) May 2, 2024\n\n— Jane Roe (@janeroe) May 3, 2024"
    assert not [a for a in attributions(text) if a.cue == "posted"]


def test_a_document_an_outlet_obtained_is_the_documents_passed_on_by_the_outlet() -> None:
    found = attributions("The agency ignored the warnings for months, documents obtained by The Associated Press "
                         "show.")
    assert [(a.source, a.source_type, a.cue) for a in found] == [
        ("documents", "document", "show"), ("The Associated Press", "outlet", "obtained by")]
    assert found[0].content == found[1].content == "The agency ignored the warnings for months"
    transcript = attributions("The deal is off, according to a transcript reviewed by Business Insider.")
    assert [(a.source, a.source_type) for a in transcript] == [("a transcript", "document"),
                                                               ("Business Insider", "outlet")]


def test_data_a_body_published_is_the_bodys_data_not_an_outlets_report() -> None:
    (only,) = attributions("The fund lost money, according to data published by the Financial Industry "
                           "Regulatory Authority.")
    assert only.source_type == "document" and "Regulatory Authority" in only.source


def test_quoted_by_an_agency_as_saying_is_the_speakers_statement_passed_on() -> None:
    found = attributions("The minister was quoted by Interfax as saying that the talks would resume in May.")
    assert [(a.source, a.source_type, a.content) for a in found] == [
        ("The minister", "anonymous", "the talks would resume in May"),
        ("Interfax", "outlet", "the talks would resume in May")]
    left = attributions("The debris fell in a forest, the Tuva government was quoted as saying late Thursday by "
                        "the Interfax news agency.")
    assert [(a.source, a.content) for a in left] == [("the Tuva government", "The debris fell in a forest"),
                                                     ("the Interfax news agency", "The debris fell in a forest")]


def test_a_relative_pronoun_stands_for_the_name_not_the_role_around_it() -> None:
    (kim,) = attributions("Since then, he has accepted the resignation of his defense minister Kim Yong-hyun, who "
                          "said he took full responsibility for what happened.")
    assert (kim.source, kim.source_type) == ("Kim Yong-hyun", "person")
    (smith,) = attributions("The party sacked its treasurer, John Smith, who said he had done nothing wrong.")
    assert smith.source == "John Smith"
    (group,) = attributions("Abu Amer is the head of the Palestinian Dialogue Group in Turkey, which says on its "
                            "site that it aims to protect the rights of the Palestinian people.")
    assert (group.source, group.source_type) == ("the Palestinian Dialogue Group", "organisation")


def test_a_participle_with_its_agent_is_the_agents_criticism() -> None:
    found = attributions("Netanyahu warned against a bad deal in his address to Congress, an appearance arranged "
                         "by Republican leaders and criticized by the Obama administration for making relations "
                         "partisan.")
    (criticism,) = [a for a in found if a.cue == "criticized"]
    assert criticism.source == "the Obama administration"
    assert criticism.content == "for making relations partisan."


def test_a_verb_in_its_other_sense_reports_nothing() -> None:
    assert attributions("In the aftermath of the election, tensions between the two sides continued to run hot.") \
        == []


def test_some_of_the_group_just_quoted_is_that_group_not_another_source() -> None:
    text = ("Many Palestinians interviewed in Gaza expressed concern over the promotion of the new leader. "
            "Jamil Saadouni, 58, said the choice was an internal decision. "
            "Some in Gaza welcomed the news, saying they needed someone to defend them.")
    found = {a.source_text: a for a in attributions(text)}
    assert found["Some in Gaza"].entity == found["Many Palestinians"].entity
    assert found["Jamil Saadouni"].entity != found["Many Palestinians"].entity


def test_a_duty_inside_a_ruling_and_a_responsibility_not_claimed_are_no_statements() -> None:
    assert [a.source for a in attributions("The court ruled that EU countries must identify products made in the "
                                           "settlements on their labels.")] == ["The court"]
    assert attributions("Israel has not claimed responsibility for the strike.") == []
    (report,) = attributions("The report identified three failures that led to the crash.")
    assert report.source_type == "document"


def test_a_group_speaks_with_the_people_it_names_as_examples() -> None:
    (allies,) = attributions("Kyiv’s European allies, including France’s Emmanuel Macron and Germany’s Friedrich "
                             "Merz, condemned the strikes in statements published on Sunday.")
    assert (allies.source, allies.source_type) == ("Kyiv’s European allies", "anonymous")
    assert [(m.name, m.kind) for m in allies.members] == [("Emmanuel Macron", "person"), ("Friedrich Merz", "person")]
    analysis = analyze_offline(Article(title="", text="Kyiv’s European allies, including France’s Emmanuel Macron "
                                       "and Germany’s Friedrich Merz, condemned the strikes on Sunday.",
                                       word_count=14))
    assert analysis.sourcing.sources == ["Emmanuel Macron", "Friedrich Merz"]


def test_a_country_speaking_with_a_group_is_a_government_not_a_person() -> None:
    (joint,) = attributions("Hamas and Iran blamed Israel for the strike on the capital.")
    assert [(m.name, m.kind) for m in joint.members] == [("Hamas", "organisation"), ("Iran", "organisation")]


def test_testimony_given_is_a_statement_and_a_list_of_names_is_no_one_source() -> None:
    (accusers,) = attributions("At the trial three of her accusers – Jane, Carolyn and Annie Farmer – gave "
                               "testimony that the trafficker touched them.")
    assert (accusers.source, accusers.source_type) == ("three of her accusers", "anonymous")
    assert accusers.content == "the trafficker touched them"


def test_a_document_the_paper_itself_obtained_is_the_documents_alone() -> None:
    (slideshow,) = attributions("According to an August 2025 slideshow obtained by the Ottawa Citizen through the "
                                "Access to Information Act, the department was required to return the floors.")
    assert (slideshow.source, slideshow.source_type) == ("an August 2025 slideshow", "document")
    assert slideshow.content == "the department was required to return the floors."


def test_a_posts_trailing_tags_and_picture_are_not_its_words() -> None:
    text = ("Storms are forecast across the Plains on Friday.\n\n"
            "Landspout tornado! Northeast Colorado! Southwest of Akron 🌪️ #cowx @NWSBoulder @spann "
            "pic.twitter.com/T8oQImgFp6\n\n— Ryan Matoush (@RyanMatoushWX) April 25, 2024")
    (post,) = [a for a in attributions(text) if a.cue == "posted"]
    assert post.content == "Landspout tornado! Northeast Colorado! Southwest of Akron"


def test_a_short_given_name_is_the_same_person() -> None:
    found = attributions("Joshua Apte, an engineer, said the air was toxic. Josh Apte later said the filters helped.")
    assert len({a.entity for a in found}) == 1


def test_what_someone_is_allowed_or_asked_to_say_is_not_their_statement() -> None:
    assert attributions("Two years later, prosecutors allowed Epstein to plead guilty to a charge involving a "
                        "single victim.") == []
    (judge,) = attributions("The judge asked her to explain why the money was missing.")
    assert judge.source == "The judge"


def test_a_widely_named_company_the_recogniser_misses_is_an_organisation() -> None:
    (facebook,) = attributions("Facebook said that the posts would be removed by Friday.")
    assert facebook.source_type == "organisation"


def test_a_verb_that_takes_an_object_never_inverts() -> None:
    """"X, a writer for ..., retweeted an article by Vulture": the article is not the one who retweeted."""
    found = attributions("Emery, a writer for the website Snopes.com which will label fake news alongside ABC News "
                         "and Politifact, retweeted an article by Vulture magazine about the protests.")
    assert not [a for a in found if "Vulture" in a.source or "Hamilton" in a.source]


def test_a_newspapers_short_name_is_the_paper_and_a_medical_examiner_is_no_paper() -> None:
    found = attributions("The San Francisco Chronicle says police are looking into the stabbing. The Chronicle "
                         "says he was arrested a block away after a fight.")
    assert {(a.source, a.source_type) for a in found} == {("The San Francisco Chronicle", "outlet")}
    (examiner,) = attributions("New York's chief medical examiner ruled that the death was a suicide.")
    assert examiner.source_type != "outlet"
    (worker,) = attributions("Employee Steve Castro tells the paper that he fought with the man.")
    assert (worker.source, worker.role) == ("Steve Castro", "Employee")


def test_a_document_named_for_a_quoted_body_is_that_body() -> None:
    found = attributions("Harris has $280 million in reservations, according to the media tracking firm AdImpact. "
                         "Harris is investing $21 million in each state, according to an AdImpact analysis.")
    assert len({a.entity for a in found}) == 1
    (memo,) = attributions("The deficit grew, according to a Pentagon memo.")
    assert memo.source_type == "document"


def test_a_run_of_appositives_before_the_cue_describes_the_person_named_first() -> None:
    (hawk,) = attributions("'It is very rare that the Federal Reserve would mess up an order,' Chad Hawk, vice "
                           "president of PMG, a paper money grading company in Florida told Fox.")
    assert (hawk.source, hawk.source_type) == ("Chad Hawk", "person")
    assert hawk.content == "'It is very rare that the Federal Reserve would mess up an order,'"
    (lawyer,) = attributions("Officials met Jane Roe, the mayor, a lawyer from Ohio said.")
    assert lawyer.source == "a lawyer from Ohio"  # the object of "met" is no speaker


def test_a_quote_snapped_or_sighed_is_said() -> None:
    (blair,) = attributions("“That is enough for today,” Blair snapped.")
    assert blair.source == "Blair" and blair.direct
    assert attributions("The dog snapped at the postman on Tuesday morning.") == []


def test_a_body_named_by_its_last_word_is_the_body_named_in_full() -> None:
    found = attributions("After the motion, the Senate resolved to observe a minute of silence. The Nigerian Senate "
                         "said the plenary would resume on Tuesday.")
    assert {a.source for a in found} == {"The Nigerian Senate"}
    two = attributions("Russia's Defense Ministry said the strike hit. Ukraine's Defense Ministry said it did not.")
    assert len({a.entity for a in two}) == 2
