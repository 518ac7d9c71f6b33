"""fix_names and the names stage of repair(): the seed, negatives, properties."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import textrepair
from textrepair import Gazetteer, RepairConfig, apply_edits, fix_names, repair
from textrepair.places import world_places

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED = (EXAMPLES / "seed_article.txt").read_text(encoding="utf-8")
GAZ = Gazetteer.from_file(EXAMPLES / "seed_gazetteer.tsv")

# A short document that names Ishaq Dar and Iftikhar Furdous several times.
DAR_DOC = ("Ishaq Dar landed in Kabul. The visit of Dar was short. Dar met the minister, "
           "and Iftikhar Furdous said the meeting with Dar mattered. {}")


@functools.cache
def seed_and_world() -> Gazetteer:
    return GAZ + world_places()


def name_changes(text: str, result: textrepair.RepairResult) -> list[tuple[str, str]]:
    return [(text[e.start:e.end], e.replacement) for e in result.edits if e.kind == "name"]


def test_seed_exactly_three_fixes() -> None:
    r = fix_names(SEED, GAZ)
    assert name_changes(SEED, r) == [("Dan", "Dar"), ("Iphtikhar", "Iftikhar"), ("Fordous", "Furdous")]
    assert "Dar said that Pakistan" in r.text
    assert "Iftikhar Furdous, co -founder" in r.text and "Furdous told Al Jazeera" in r.text
    assert apply_edits(SEED, r.edits) == r.text
    dan = r.edits[0]
    assert dan.kind == "name" and dan.rule.startswith("name.")
    assert dan.explanation == "Dan→Dar: 1 edit from 'Ishaq Dar' (person); 'Dar' occurs 4× in this document"


def test_seed_through_repair() -> None:
    r = repair(SEED, GAZ, flag_garbled=False)  # garble flags are not this stage's
    assert name_changes(SEED, r) == [("Dan", "Dar"), ("Iphtikhar", "Iftikhar"), ("Fordous", "Furdous")]
    assert apply_edits(SEED, r.edits) == r.text
    # A path works too, and the names stage can be switched off.
    assert name_changes(SEED, repair(SEED, str(EXAMPLES / "seed_gazetteer.tsv"), flag_garbled=False)) == name_changes(SEED, r)
    assert name_changes(SEED, repair(SEED, GAZ, fix_names=False, flag_garbled=False)) == []


def test_seed_with_builtin_places_changes_no_name() -> None:
    # None of the seed's names is a typo of a world place.
    assert name_changes(SEED, repair(SEED, flag_garbled=False)) == []
    assert name_changes(SEED, fix_names(SEED, seed_and_world())) == [
        ("Iphtikhar", "Iftikhar"), ("Fordous", "Furdous")]  # "Dan" is a word of a city name there


@pytest.mark.parametrize("text", [
    "Dan Brown's new novel is out, and Dar read it.",
    "Dan said the talks went well.",
    "He is a dear friend.",
    "They met at the bar.",
    "She wore a fur coat.",
    "He studied at Fordham University.",
    "Fighting spread in Khorasan province.",
    "Violence rose in Baluchistan.",
    "Amina Khan and Imran Khan spoke.",
    "Conerns security after 2021",
    "Since the Taliban Tok Control or Afghanistan",
    "Khan de Issi said that the Taliban faces challenges.",
    "The data of the Pak Peace Studies Institute shows it.",
    "co-founder of the Khorasan newspaper",
    "the Institute of Strategic Studies Islamabad (ISSI)",
    "Islamabad -based analyst added that",
])
@pytest.mark.parametrize("gazetteer", ["seed", "seed+world"])
def test_negatives_stay_unchanged(text: str, gazetteer: str) -> None:
    g = GAZ if gazetteer == "seed" else seed_and_world()
    assert fix_names(text, g).edits == ()
    assert fix_names(DAR_DOC.format(text), g).text == DAR_DOC.format(text)


def test_real_word_needs_document_evidence() -> None:
    assert fix_names("Dan said the talks went well.", GAZ).text == "Dan said the talks went well."
    doc = DAR_DOC.format("Later, Dan said the talks went well.")
    assert fix_names(doc, GAZ).text == DAR_DOC.format("Later, Dar said the talks went well.")
    # ... but not when the document also calls someone Dan, or Dan starts a sentence.
    twice = DAR_DOC.format("Later, Dan said so. Dan is his aide.")
    assert fix_names(twice, GAZ).edits == ()
    initial = DAR_DOC.format("Dan said so.")
    assert fix_names(initial, GAZ).edits == ()


@pytest.mark.parametrize("text, expected", [
    ("FORDOUS told Al Jazeera.", "FURDOUS told Al Jazeera."),
    ("Fordous's report came out.", "Furdous's report came out."),
    ("Fordous’s report came out.", "Furdous’s report came out."),
    ("An Islamabd-based analyst.", "An Islamabad-based analyst."),
    ("An Islamabd -based analyst.", "An Islamabad -based analyst."),
    ("Pakhtunkhwahwa and Balochistan.", "Pakhtunkhwa and Balochistan."),
    ("Pakhtunkhwahwah and Balochistan.", "Pakhtunkhwa and Balochistan."),
    ("Iphtikhar Furdous spoke.", "Iftikhar Furdous spoke."),
])
def test_forms_of_names(text: str, expected: str) -> None:
    r = fix_names(text, GAZ)
    assert r.text == expected
    assert all(e.kind == "name" and e.explanation for e in r.edits)


def test_builtin_places_fix_a_city_without_setup() -> None:
    r = repair("Thousands gathered in Islamabd on Friday.", flag_garbled=False)
    assert r.text == "Thousands gathered in Islamabad on Friday."
    assert repair("Thousands gathered in Islamabd.", use_builtin_gazetteer=False, flag_garbled=False).edits == ()


@pytest.mark.parametrize("text", [
    # Real names one letter (or a word order) from a world place, from clean
    # human post-edits (MLQE-PE): the built-in gazetteer must leave them.
    "Pakistani batsman Younis Khan visited that school.",  # not the city Khan Yunis
    "My father Dal Bahadur Shahi also used to say so.",  # not Lal Bahadur Nagar
    "Rajendra Chola's sister married Rajaraja Narendra, a Chalukya prince.",  # not Raja + stutter
    "The Lohore river flows through the east.",  # not Lahore
    "Vavila does not understand either.",  # not Avila
    "He was born to Xinhui Agabiswa.",  # not Xinhua
    "Ahmos invaded parts of Lower Egypt.",  # not Amos
    "Rivers: Kaali, Seti, Bajra, Bhadra, Agni.",  # two rivers, not one misspelt
    "Germany lost. In Germany, the morale of the Germans fell.",  # a word, not Germany
    "The church is dedicated to Saint Nicholas.",  # not Saint-Nicolas
    "Staraia Russa and Sergiev Posad are old towns.",  # transliterations, not typos
    "A few km from the Donana National Park.",  # Doñana, not Dona + stutter
])
def test_builtin_places_leave_real_names_alone(text: str) -> None:
    assert repair(text, flag_garbled=False).edits == ()


def test_builtin_places_fix_long_famous_names_without_evidence() -> None:
    r = repair("Pakistn and India agreed. Talks in Washingtn resumed.", flag_garbled=False)
    assert r.text == "Pakistan and India agreed. Talks in Washington resumed."


def test_general_lists_need_well_known_targets_without_evidence() -> None:
    # The same unattested word: corrected towards a short, document-specific
    # list; left alone by a general list of thousands, where a one-letter
    # neighbour of an obscure listed name is most likely a name of its own.
    own = Gazetteer([("Andrei Kabanov", "person", ["Kabanov"])])
    general = own + Gazetteer([(f"Place{i}", "city") for i in range(2000)])
    text = "After her husband, Andrei Kakanov, lost his job, the family moved."
    assert fix_names("Kakanov lost his job.", own).text == "Kabanov lost his job."
    assert fix_names("Kakanov lost his job.", general).edits == ()
    assert fix_names("Kakanov lost his job.", general, config=RepairConfig(name_document_list_size=5000)).changed
    assert fix_names(text, general).text == text.replace("Kakanov", "Kabanov")  # its neighbour is evidence


def test_abstains_when_two_names_are_equally_close() -> None:
    g = Gazetteer([("Rahimabad", "place"), ("Rahinabad", "place")])
    assert fix_names("They reached Rahivabad at noon.", g).edits == ()


def test_bad_input() -> None:
    with pytest.raises(TypeError):
        fix_names(b"Fordous", GAZ)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        fix_names("Fordous", [("Furdous", "person")])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        repair("Fordous", gazetteer=42)


def test_adversarial_input_is_linear_enough() -> None:
    text = "Pakhtunkhwa" + "hwa" * 200_000 + " " + "Fordous " * 20_000
    r = fix_names(text, GAZ)
    assert apply_edits(text, r.edits) == r.text


_NAME_WORDS = sorted({w for e in GAZ for s in e.surfaces for w in textrepair.gazetteer.name_tokens(s)
                      if w[0].isupper()})
_FILLER = ["the", "visit", "of", "said", "and", "a", "in", "talks", "went", "well", "to", "dear", "bar"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_NAME_WORDS), st.sampled_from(_FILLER)), max_size=40),
       st.sampled_from([" ", ", ", ". ", "-", "\n"]))
def test_text_of_gazetteer_names_is_never_edited(words: list[str], sep: str) -> None:
    text = sep.join(words)
    assert fix_names(text, GAZ).edits == ()


_TYPO_WORDS = ["Dan", "Fordous", "Iphtikhar", "Islamabd", "Kabol", "Pakhtunkhwahwa", "FORDOUS", "Muttaki"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_NAME_WORDS), st.sampled_from(_FILLER),
                          st.sampled_from(_TYPO_WORDS)), max_size=40),
       st.sampled_from([" ", ", ", ". ", "'s "]))
def test_edits_replay_and_are_idempotent(words: list[str], sep: str) -> None:
    text = sep.join(words)
    r = fix_names(text, GAZ)
    assert apply_edits(text, r.edits) == r.text
    assert all(e.kind == "name" and e.rule.startswith("name.") for e in r.edits)
    assert fix_names(r.text, GAZ).text == r.text


def test_translated_name_is_flagged_not_edited(tmp_path: Path) -> None:
    tsv = (EXAMPLES / "seed_gazetteer.tsv").read_text(encoding="utf-8")
    path = tmp_path / "with_translations.tsv"
    path.write_text(tsv.replace("Dar|Mohammad Ishaq Dar", "Dar|Mohammad Ishaq Dar|~giving"), encoding="utf-8")
    g = Gazetteer.from_file(path)
    assert g[0].aliases == ("Dar", "Mohammad Ishaq Dar") and g[0].translations == ("giving",)
    assert "~giving" in g[0].line()
    for result in (fix_names(SEED, g), repair(SEED, g, flag_garbled=False)):
        name_flags = [f for f in result.flags if f.kind == "name"]
        assert [SEED[f.start:f.end] for f in name_flags] == ["giving", "giving"]
        assert all(SEED[f.start - 9:f.end] == "visit of giving" for f in name_flags)
        assert "'giving' may be the name 'Dar' translated as a word" in name_flags[0].reasons[0]
        assert "giving" not in [result.text[e.start:e.end] for e in result.edits]
    # Without the name in the document, or where "giving" takes an object, no flag.
    assert fix_names("Analysts see the visit of giving as significant.", g).flags == ()
    assert fix_names("Ishaq Dar spoke of giving the money back.", g).flags == ()


def test_foreign_word_hashes_agree_with_wordfreq(tmp_path, monkeypatch) -> None:
    # The hashed, cached word lists against the slow reference: wordfreq itself.
    from wordfreq import get_frequency_dict, zipf_frequency

    from textrepair import names

    monkeypatch.setenv("TEXTREPAIR_CACHE_DIR", str(tmp_path))
    names._foreign_word_hashes.cache_clear()
    names._is_foreign_word.cache_clear()
    try:
        built = names._foreign_word_hashes()
        assert list(tmp_path.glob("foreign-words-*.u32"))
        names._foreign_word_hashes.cache_clear()
        assert names._foreign_word_hashes() == built  # read back from the cache file
        sample = [w for w in list(get_frequency_dict("ro"))[:3000:11] if w.isascii() and w.isalpha()]
        sample += ["oltenia", "olivenza", "kakanov", "ponland", "islamabd", "fordous", "qzxwv"]
        for word in sample:
            expected = any(zipf_frequency(word, lang) > 0 for lang in names._OTHER_LANGUAGES)
            assert names._is_foreign_word(word) == expected, word
    finally:
        names._foreign_word_hashes.cache_clear()
        names._is_foreign_word.cache_clear()


@pytest.mark.parametrize(("text", "fixed"), [
    ("France and Spain signed it. Later, Farnce withdrew.", "France and Spain signed it. Later, France withdrew."),
    ("Talks in Romania ended. Romkania will host the next round.",
     "Talks in Romania ended. Romania will host the next round."),
])
def test_builtin_places_fix_a_typo_of_a_place_the_document_names(text: str, fixed: str) -> None:
    assert repair(text, flag_garbled=False).text == fixed


@pytest.mark.parametrize("text", [
    "Here the gods Saima and Sama are worshipped.",  # a name of its own, in English text
    "An Asturian nobleman fled to Asturias.",  # an adjective, not a misspelt place
    "He wrote Vita Constantini in Constantine.",  # a Latin ending
    "The Magar people live near Pokhara Nagar and Lekhnath Nagar.",  # first letter differs
])
def test_builtin_places_evidence_needs_a_typo_shape(text: str) -> None:
    assert repair(text, flag_garbled=False).edits == ()


# --- issue 11: the misspellings people make, class by class ----------------------------------------
# A document's own list of names, and the same names inside the built-in world list (read as general).
OWN_NAMES = Gazetteer([
    ("Düsseldorf", "city"), ("Palm Beach", "city"), ("Bogotá", "city"), ("Málaga", "city"),
    ("Zürich", "city", ["Zurich"]), ("São Tomé", "city"), ("Ella Fitzgerald", "person"),
    ("Rio de Janeiro", "city"), ("Stephen Hawking", "person"), ("Jimmy Carter", "person"),
    ("San Francisco", "city"), ("Johnson & Johnson", "organisation"), ("Sierra Leone", "country"),
    ("Costa Rica", "country"), ("Hull", "city"), ("Cook Strait", "strait"), ("Quezon City", "city"),
    ("New Haven", "city"), ("Ishaq Dar", "person", ["Dar"]), ("Timişoara", "city"),
])


@functools.cache
def general_names() -> Gazetteer:
    return world_places() + Gazetteer(OWN_NAMES, open_world=True)


def fixed(text: str, *, general: bool = False) -> str:
    return fix_names(text, general_names() if general else OWN_NAMES).text


@pytest.mark.parametrize(("text", "expected"), [
    # Written exactly as the gazetteer spells it, diacritics included; plain only where it also lists it plain.
    ("Trade fairs in Dusseldorff drew crowds.", "Trade fairs in Düsseldorf drew crowds."),
    ("Banks in Zurrich reopened.", "Banks in Zurich reopened."),
    # The words of a name in their own order, even when each is nearer another word of it.
    ("Palm Beach voted. Later, Plam Beech voted again.", "Palm Beach voted. Later, Palm Beach voted again."),
])
def test_replacement_is_the_gazetteer_spelling_in_order(text: str, expected: str) -> None:
    assert fixed(text) == expected


@pytest.mark.parametrize("general", [False, True])
@pytest.mark.parametrize(("text", "expected"), [
    ("Flights to Bogotà resumed.", "Flights to Bogotá resumed."),  # a wrong diacritic is a typo
    ("Tourists love Màlaga in May.", "Tourists love Málaga in May."),
    ("The port of Sao Tomé is small.", "The port of São Tomé is small."),  # the rest of the name does
])
def test_diacritics(text: str, expected: str, general: bool) -> None:
    assert fixed(text, general=general) == expected


@pytest.mark.parametrize("text", [
    "Flights to Bogota resumed.",  # English writes it plain
    "Banks in Zurich and Zürich reopened.",  # both are the gazetteer's
    "He was born in Timișoara.",  # a comma below is the cedilla's equal
    "Moș Crăciun came to Mós.",  # a different letter carries the mark: another word
])
def test_diacritics_negatives(text: str) -> None:
    assert fixed(text) == text and fixed(text, general=True) == text


def test_missing_diacritic_needs_the_document() -> None:
    # The document writes it with diacritics; where the gazetteer also lists it plain, plain is right too.
    assert fixed("Málaga is warm; Malaga is busy.") == "Málaga is warm; Málaga is busy."
    assert fixed("Málaga is warm; Malaga is busy.", general=True) == "Málaga is warm; Malaga is busy."
    assert fixed("Malaga is busy.") == "Malaga is busy."


@pytest.mark.parametrize("general", [False, True])
@pytest.mark.parametrize(("text", "expected"), [
    ("Records by Ella fitzgerrald sold well.", "Records by Ella Fitzgerald sold well."),
    ("They flew to Rio de janiero last week.", "They flew to Rio de Janeiro last week."),
])
def test_lower_case_name_parts_anchored_by_the_name(text: str, expected: str, general: bool) -> None:
    assert fixed(text, general=general) == expected


@pytest.mark.parametrize("text", [
    "Ella went to a new haven for refugees.",  # common words on their own
    "It was a New heaven for refugees.",  # a common word inside is no typo
    "The rio de janiero story.",  # no capitalised anchor
])
def test_lower_case_negatives(text: str) -> None:
    assert fixed(text) == text and fixed(text, general=True) == text


@pytest.mark.parametrize("general", [False, True])
def test_real_word_typo_when_the_document_names_the_entity(general: bool) -> None:
    text = "Stephen Hawking wrote it. Later Stephen Hawkins explained it. Jimmy Carter agreed; Jimmy Cartier too."
    assert fixed(text, general=general) == ("Stephen Hawking wrote it. Later Stephen Hawking explained it. "
                                            "Jimmy Carter agreed; Jimmy Carter too.")
    for stays in ("Later Stephen Hawkins explained it.",  # no full mention
                  "Stephen Hawking wrote it. Later Stephen King explained it.",  # not near
                  "Ishaq Dar spoke. Dar met him. Dar left. Dan Brown wrote a book."):  # another person
        assert fixed(stays, general=general) == stays


@pytest.mark.parametrize(("text", "expected", "general"), [
    ("She moved to Sanfransisco in May.", "She moved to San Francisco in May.", False),
    ("She moved to Sanfransisco in May.", "She moved to San Francisco in May.", True),
    ("Shares of JohnsonandJonhson rose.", "Shares of Johnson & Johnson rose.", False),
])
def test_joined_words(text: str, expected: str, general: bool) -> None:
    assert fixed(text, general=general) == expected


@pytest.mark.parametrize("text", [
    "He was admitted to Millpark Hospital.",  # a name of its own, not Mill Park
    "Ships sailed from Newport.",  # a word the lists know
])
def test_joined_negatives(text: str) -> None:
    assert fixed(text, general=True) == text


@pytest.mark.parametrize("general", [False, True])
@pytest.mark.parametrize(("text", "expected"), [
    ("Troops left Sierra Leoen on Monday.", "Troops left Sierra Leone on Monday."),
    ("Coffee from Costa Rcia is prized.", "Coffee from Costa Rica is prized."),
    ("The mayor of San Fransisco spoke.", "The mayor of San Francisco spoke."),
])
def test_the_rest_of_the_name_is_evidence(text: str, expected: str, general: bool) -> None:
    assert fixed(text, general=general) == expected


@pytest.mark.parametrize("text", [
    "Sri Lankan and New Zealanders players met.",  # derived words
    "Prices in Nizhny Novgorod rose.",  # a transliteration English writes
    "Costa Rican coffee is prized.",
])
def test_the_rest_of_the_name_negatives(text: str) -> None:
    assert fixed(text, general=True) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("Hull won. Fans there cheered, and Hul celebrated.", "Hull won. Fans there cheered, and Hull celebrated."),
    ("Cook Strait is rough. Ferries cross Cok Strait daily.", "Cook Strait is rough. Ferries cross Cook Strait daily."),
    ("Quezon City grew. Residents of Quezon Cty voted.", "Quezon City grew. Residents of Quezon City voted."),
])
def test_short_names_with_evidence(text: str, expected: str) -> None:
    assert fixed(text) == expected


@pytest.mark.parametrize("text", [
    "Fans in Hul celebrated.",  # no evidence
    "Hull won. They said Hul twice; Hul is a nickname.",  # the document uses it itself
    'He lived in Bonn. "Bon voyage," they said.',  # a real word starting a sentence
])
def test_short_names_negatives(text: str) -> None:
    assert fixed(text) == text


@pytest.mark.parametrize("general", [False, True])
def test_new_rules_replay_and_are_idempotent(general: bool) -> None:
    text = ("Palm Beach voted. Plam Beech too. Ella fitzgerrald sang in Sanfransisco and Bogotà; "
            "Stephen Hawking and Stephen Hawkins came from Sierra Leoen.")
    g = general_names() if general else OWN_NAMES
    r = fix_names(text, g)
    assert apply_edits(text, r.edits) == r.text
    assert all(e.kind == "name" and e.rule.startswith("name.") and e.explanation for e in r.edits)
    assert fix_names(r.text, g).edits == ()


@pytest.mark.parametrize("text", [
    # From a long clean text: a common word beside a function word is not a misspelt "The Hague",
    # nor a Romanian word a misspelt county.
    "The Hague hosted it. In 1882, the League of Patriots appeared.",
    "He taught in Râmnicu Vâlcea. Plevna and Valea Rusului villages merged.",
])
def test_general_list_words_beside_named_places_stay(text: str) -> None:
    assert fixed(text, general=True) == text


@pytest.mark.parametrize(("text", "expected"), [
    # Misspellings common enough to be in word lists, beside the name the document names.
    ("Reports about Afghanistan appeared. On Tuesday, Afganistan was mentioned.",
     "Reports about Afghanistan appeared. On Tuesday, Afghanistan was mentioned."),
    ("Istanbul hosted it. Later Istambul voted.", "Istanbul hosted it. Later Istanbul voted."),
    # A long word two edits off.
    ("Johannesburg hosted it. Later Johanesborgh voted.", "Johannesburg hosted it. Later Johannesburg voted."),
])
def test_builtin_places_fix_misspellings_of_a_named_place(text: str, expected: str) -> None:
    assert repair(text, flag_garbled=False).text == expected


@pytest.mark.parametrize(("text", "expected", "general"), [
    ("Talks resumed in Febuary.", "Talks resumed in Febuary.", True),  # not a name of the list
    ("The Carribean islands voted.", "The Caribbean islands voted.", False),
    ("Kakanov lost his job.", "Kakanov lost his job.", True),  # an obscure name of a general list
])
def test_listed_misspellings_without_evidence(text: str, expected: str, general: bool) -> None:
    g = Gazetteer([("Caribbean", "region"), ("Andrei Kabanov", "person")])
    assert fix_names(text, world_places() + Gazetteer(g, open_world=True) if general else g).text == expected


# Issue 11, second round: the shapes real misspellings take (examples of our own).
TYPO_NAMES = Gazetteer([("Edinburgh", "city"), ("Lisbon", "city"), ("Kalimpong", "town"), ("Judaism", "religion"),
                        ("Gujar Khan", "city"), ("Gulzar Khan", "person"), ("Bam", "city")])


@pytest.mark.parametrize(("text", "expected"), [
    # A word other languages' lists hold only as rare noise is still a typo.
    ("Flights to Edimburgh resumed.", "Flights to Edinburgh resumed."),
    ("Flights to Kalimpomg resumed.", "Flights to Kalimpong resumed."),
    # Negatives: a real Portuguese name, a first letter changed, another English ending.
    ("Flights to Lisboa resumed.", "Flights to Lisboa resumed."),
    ("Flights to Talimpong resumed.", "Flights to Talimpong resumed."),
    ("The Judaist scholar spoke.", "The Judaist scholar spoke."),
])
def test_own_list_typo_shapes_without_evidence(text: str, expected: str) -> None:
    assert fix_names(text, TYPO_NAMES).text == expected


@pytest.mark.parametrize(("text", "expected"), [
    # Among names as close, one a hundred times commoner, for a capital inside a sentence.
    ("Exports from Itlay rose.", "Exports from Italy rose."),
    ("Exports from Idnia rose.", "Exports from India rose."),
    ("Itlay exports rose.", "Itlay exports rose."),  # the sentence's first word may be anything
    ("Exports from Frence rose.", "Exports from Frence rose."),  # France and French: both common
    # A swap in eight or more letters, towards a well-known name.
    ("Flights from Edinbrugh landed.", "Flights from Edinburgh landed."),
    ("Flights from Stockohlm landed.", "Flights from Stockholm landed."),
    ("Flights from Hambrug landed.", "Flights from Hambrug landed."),  # seven letters: a name of its own
    # A listed misspelling of nine or more letters, whatever letter differs.
    ("Flights from Connecticutt landed.", "Flights from Connecticut landed."),
    ("Flights from Philippinnes landed.", "Flights from Philippines landed."),
    # Long vowels written with a circumflex are a transliteration; a wrong accent is a typo.
    ("Flights to Bîjâpur resumed.", "Flights to Bîjâpur resumed."),
    ("Flights to Mèrida resumed.", "Flights to Mérida resumed."),
])
def test_general_list_typo_shapes_without_evidence(text: str, expected: str) -> None:
    assert fix_names(text, world_places()).text == expected


def test_dominant_name_needs_to_be_as_few_letters_off() -> None:
    g = world_places() + Gazetteer([("Jupyter", "software")], open_world=True)
    assert fix_names("We ran Jupyther notebooks.", g).text == "We ran Jupyther notebooks."


@pytest.mark.parametrize(("text", "expected"), [
    # Long words slip in their first or last letter, or double a consonant.
    ("Nottingham won. Fans in Ottingham cheered.", "Nottingham won. Fans in Nottingham cheered."),
    ("Birmingham won. Fans in Birmingha cheered.", "Birmingham won. Fans in Birmingham cheered."),
    ("Manchester won. Fans in Manchesster cheered.", "Manchester won. Fans in Manchester cheered."),
    # Two edits from seven letters.
    ("Portland won. Fans in Porltand cheered.", "Portland won. Fans in Portland cheered."),
    # Negatives: a Slavic name without its -a; a short name in no shape of a typo.
    ("Bratislava won. Fans of Bratislav cheered.", "Bratislava won. Fans of Bratislav cheered."),
    ("Bern won. Fans in Brno cheered.", "Bern won. Fans in Brno cheered."),
])
def test_general_list_typo_shapes_with_evidence(text: str, expected: str) -> None:
    assert fix_names(text, world_places()).text == expected


def test_evidence_is_not_a_name_the_document_spells_otherwise() -> None:
    general = Gazetteer(TYPO_NAMES, open_world=True) + world_places()
    # The document names Gujar Khan: Gudzar beside Khan is not the person Gulzar Khan.
    text = "Gujar Khan grew. Later Gudzar Khan voted."
    assert fix_names(text, general).text == text
    # A listed word two edits from a named place is a name of its own.
    text = "Khem Bam spoke. Bam and Bam again. Arjun and Bhim left."
    assert fix_names(text, Gazetteer(TYPO_NAMES, open_world=True)).text == text


@pytest.mark.parametrize("text", [
    # Part of a longer name: a rare capitalised word beside it.
    "The envoy Eugeniu Carada left for exile.",
    "Captain Indika Liyanage joined the battle.",
    # Another ending, in another language's spelling.
    "The fortress at Bărboși burned.",
    # A protein, not a misspelt city: a listed word trading one letter for another.
    "Huntingtin interacts with many proteins.",
])
def test_general_list_names_of_their_own_stay(text: str) -> None:
    assert fix_names(text, world_places()).text == text


def test_a_different_name_in_the_document_is_no_reason_to_abstain() -> None:
    text = "He warned that Pakistn would act if Afghanistan did not."
    assert fix_names(text, world_places()).text == "He warned that Pakistan would act if Afghanistan did not."


def test_a_document_naming_what_the_list_lacks_reads_it_as_a_general_list() -> None:
    # Alone, an unmistakable typo of a name of the document's own list is fixed ...
    assert fix_names("Trains reached Kalimpomg.", TYPO_NAMES).text == "Trains reached Kalimpong."
    # ... but a text that names other things the list does not know shows the list is not its own.
    text = "Trains from Zorvakh reached Kalimpomg."
    assert fix_names(text, TYPO_NAMES).text == text
    # Evidence still counts.
    text = "Kalimpong voted. Trains from Zorvakh reached Kalimpomg."
    assert fix_names(text, TYPO_NAMES).text == "Kalimpong voted. Trains from Zorvakh reached Kalimpong."
