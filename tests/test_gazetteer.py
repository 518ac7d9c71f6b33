"""Gazetteer: reading TSV, malformed rows, combining, pickling, fingerprints, look-ups."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from textrepair import Gazetteer
from textrepair.gazetteer import Entity, translit_key

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SEED_GAZETTEER = EXAMPLES / "seed_gazetteer.tsv"


def test_from_file_reads_the_seed() -> None:
    g = Gazetteer.from_file(SEED_GAZETTEER)
    assert len(g) == 18
    assert g[0] == Entity("Ishaq Dar", "person", ("Dar", "Mohammad Ishaq Dar"))
    assert g[3] == Entity("Amina Khan", "person", ())  # no aliases column
    assert g.is_surface_token("baluchistan") and g.is_surface_token("ISSI")
    assert not g.is_surface_token("Dan")


def test_from_file_comments_blank_lines_extra_columns(tmp_path: Path) -> None:
    p = tmp_path / "g.tsv"
    p.write_text("# a comment\n\nKabul\tplace\tKabol|Cabul\tgeonames:1\tAF\n  # indented comment\n"
                 "Lahore\tplace\t\r\n", encoding="utf-8")
    g = Gazetteer.from_file(p)
    assert list(g) == [Entity("Kabul", "place", ("Kabol", "Cabul")), Entity("Lahore", "place", ())]


@pytest.mark.parametrize("content, line, what", [
    ("Kabul\tplace\n\tplace\n", 2, "empty name"),
    ("# x\nKabul place\n", 2, "no kind"),
    ("Kabul\tplace\nLahore\t\tLahor\n", 2, "no kind"),
    ("Kabul\tplace\nLa\xefhore\tplace\n", 2, "not UTF-8"),
])
def test_malformed_row_names_file_and_line(tmp_path: Path, content: str, line: int, what: str) -> None:
    p = tmp_path / "bad.tsv"
    p.write_bytes(content.encode("utf-8") if "\xef" not in content else content.encode("latin-1"))
    with pytest.raises(ValueError) as info:
        Gazetteer.from_file(p)
    message = str(info.value)
    assert f"{p}, line {line}" in message and what in message


def test_entries_from_tuples_and_bad_entries() -> None:
    g = Gazetteer([("Kabul", "place"), ("Ishaq Dar", "person", ["Dar"]), ("Kabul", "place")])
    assert len(g) == 2  # exact duplicates are kept once
    with pytest.raises(ValueError):
        Gazetteer([("Kabul",)])
    with pytest.raises(ValueError):
        Gazetteer([("", "place")])


def test_add_combines_in_order() -> None:
    a = Gazetteer([("Kabul", "place")])
    b = Gazetteer([("Lahore", "place"), ("Kabul", "place")])
    c = a + b
    assert [e.name for e in c] == ["Kabul", "Lahore"]
    assert c.is_surface_token("lahore") and not a.is_surface_token("lahore")
    with pytest.raises(TypeError):
        a + [("Lahore", "place")]  # type: ignore[operator]


def test_pickle_round_trip_keeps_entities_and_fingerprint() -> None:
    g = Gazetteer.from_file(SEED_GAZETTEER)
    g.candidates("Fordous")  # builds the index, which is not pickled
    h = pickle.loads(pickle.dumps(g))
    assert h == g and h.fingerprint == g.fingerprint
    assert [c.spelling for c in h.candidates("Fordous")] == ["Furdous"]
    assert len(pickle.dumps(g)) < 4000


def test_fingerprint_is_stable_across_processes() -> None:
    g = Gazetteer.from_file(SEED_GAZETTEER)
    code = ("from textrepair import Gazetteer; "
            f"print(Gazetteer.from_file({str(SEED_GAZETTEER)!r}).fingerprint)")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env={"PYTHONHASHSEED": "123", "PATH": ""}).stdout.strip()
    assert other == g.fingerprint
    assert g.fingerprint != Gazetteer(list(g)[1:]).fingerprint


def test_transliteration_keys() -> None:
    assert translit_key("Iphtikhar") == translit_key("Iftikhar")
    assert translit_key("Karatschi") == translit_key("Karachi")
    assert translit_key("Kandahār") == translit_key("Kandahar")


def test_candidates_nearest_first() -> None:
    g = Gazetteer([("Iftikhar Furdous", "person"), ("Islamabad", "place"), ("Kabul", "place")])
    assert [(c.spelling, c.distance) for c in g.candidates("Iphtikhar")] == [("Iftikhar", 0.5)]
    assert [c.spelling for c in g.candidates("Islamabd")] == ["Islamabad"]
    assert g.candidates("Islamabad") == []  # the word itself is not a candidate
    assert g.candidates("Zzyzx") == []


def test_index_cache_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from textrepair import gazetteer as gz

    monkeypatch.setenv("TEXTREPAIR_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(gz, "_CACHE_MIN_ENTITIES", 2)
    entries = [("Iftikhar Furdous", "person", ["Furdous"]), ("Islamabad", "place"), ("Kabul", "place")]
    built = Gazetteer(entries)
    expected = [(c.spelling, c.distance) for c in built.candidates("Iphtikhar")]
    files = list(tmp_path.glob("index-*.marshal"))
    assert len(files) == 1 and expected == [("Iftikhar", 0.5)]
    loaded = Gazetteer(entries)
    assert [(c.spelling, c.distance) for c in loaded.candidates("Iphtikhar")] == expected
    files[0].write_bytes(b"not marshal")  # a damaged cache file is rebuilt, not trusted
    assert [(c.spelling, c.distance) for c in Gazetteer(entries).candidates("Iphtikhar")] == expected
    monkeypatch.setenv("TEXTREPAIR_CACHE_DIR", "")
    assert gz.cache_dir() is None


def test_index_keeps_accented_spellings_and_multi_word_names() -> None:
    from textrepair.gazetteer import _Index

    g = Gazetteer([("Zürich", "city", ["Zurich"]), ("Mérida", "city"), ("New South Wales", "state"),
                   ("Procter & Gamble", "company")])
    index = g.index
    assert index.accented == {"zurich": ("Zürich", "Zurich"), "merida": ("Mérida",)}
    assert index.accented_spelling("MERIDA") == "Mérida" and index.accented_spelling("Zurich") is None
    assert index.pairs[("south", "wales")] == [(("new", "south", "wales"), 1)]
    assert index.slots["gamble"] == [(("procter", "gamble"), 1)]
    first, last = index.ends
    assert first["new"] == [("new", "south", "wales")] and last["gamble"] == [("procter", "gamble")]
    # The compact state (what the on-disk cache stores) keeps all of it.
    loaded = _Index.from_state(index.state())
    assert loaded.accented == index.accented and loaded.pairs == index.pairs and loaded.ends == index.ends
    assert [(c.spelling, c.distance) for c in loaded.lookup("Meridda", 2.0)] == [("Mérida", 0.5)]


def test_world_places_cache_loads_the_gazetteer_it_built(tmp_path, monkeypatch) -> None:
    from textrepair import places
    monkeypatch.setenv("TEXTREPAIR_CACHE_DIR", str(tmp_path))
    places.world_places.cache_clear()
    try:
        built = places.world_places()
        (path,) = tmp_path.glob("world-places-*.marshal")
        places.world_places.cache_clear()
        loaded = places.world_places()
        assert loaded is not built and loaded == built and loaded.fingerprint == built.fingerprint
        assert list(loaded) == list(built) and all(loaded.is_open_world(i) for i in (0, len(loaded) - 1))
        assert loaded.candidates("Islamabd")[0].spelling == "Islamabad"
        path.write_bytes(b"\0" * 64)  # a damaged file is rebuilt, never trusted
        places.world_places.cache_clear()
        assert places.world_places() == built
        from textrepair.gazetteer import read_cache
        assert read_cache(path) is not None  # and written again
    finally:
        places.world_places.cache_clear()


def test_the_shared_lookup_memo_is_bounded(monkeypatch) -> None:
    from textrepair import gazetteer as gazetteer_module
    g = Gazetteer([("Kabul", "place")])
    memo = g.index.lookups(2.0)
    assert g.index.lookups(2.0) is memo and g.index.lookups(1.0) is not memo
    monkeypatch.setattr(gazetteer_module, "_MAX_LOOKUPS", 3)
    memo.update(dict.fromkeys("abcd", []))
    assert g.index.lookups(2.0) == {}  # emptied once past the bound
