"""The framework adapters: datatrove steps, the HF datasets map function, the Ray Data transform.

Each framework's tests skip where it is not installed; the import-hygiene
tests run everywhere.
"""

from __future__ import annotations

import importlib
import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import textrepair
from textrepair import RepairConfig
from textrepair.edits import Edit, Flag, RepairResult, apply_edits

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
GAZETTEER = EXAMPLES / "seed_gazetteer.tsv"
MOJIBAKE = "The cafÃ© opened."
CLEAN = "The museum opens at nine and closes at five."


def replay(original: str, report: dict) -> str:
    """The text the report's edits make of ``original``."""
    edits = [Edit(e["start"], e["end"], e["replacement"], e["kind"], e["rule"]) for e in report["edits"]]
    return apply_edits(original, edits)


# -- import hygiene ------------------------------------------------------------

def test_import_textrepair_imports_no_framework():
    code = ("import sys, textrepair, textrepair.integrations; "
            "print(sorted(m for m in ('datatrove', 'datasets', 'ray', 'pandas') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(("adapter", "framework", "extra"),
                         [("datatrove", "datatrove", "datatrove"), ("hf", "datasets", "hf"),
                          ("ray", "ray", "ray")])
def test_missing_framework_is_an_import_error_naming_the_extra(monkeypatch, adapter, framework, extra):
    module = f"textrepair.integrations.{adapter}"
    monkeypatch.delitem(sys.modules, module, raising=False)
    for name in [m for m in sys.modules if m == framework or m.startswith(framework + ".")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, framework, None)  # makes `import framework` fail
    with pytest.raises(ImportError, match=rf"pip install 'textrepair\[{extra}\]'"):
        importlib.import_module(module)
    monkeypatch.delitem(sys.modules, module, raising=False)


# -- datatrove -------------------------------------------------------------------

@pytest.fixture
def datatrove_mod():
    pytest.importorskip("datatrove")
    return importlib.import_module("textrepair.integrations.datatrove")


def docs(*texts):
    from datatrove.data import Document

    return [Document(text=t, id=str(i)) for i, t in enumerate(texts)]


def test_datatrove_steps_subclass_datatrove_bases(datatrove_mod):
    from datatrove.pipeline.base import PipelineStep
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.formatters.base import BaseFormatter

    assert issubclass(datatrove_mod.RepairFormatter, BaseFormatter)
    assert issubclass(datatrove_mod.RepairAnnotator, PipelineStep)
    assert issubclass(datatrove_mod.GarbleFilter, BaseFilter)


def test_datatrove_formatter_repairs_text_and_leaves_clean_text(datatrove_mod):
    out = list(datatrove_mod.RepairFormatter().run(docs(MOJIBAKE, CLEAN)))
    assert [d.text for d in out] == ["The café opened.", CLEAN]
    assert all("textrepair" not in d.metadata for d in out)


def test_datatrove_formatter_uses_its_gazetteer_and_config(datatrove_mod):
    text = "Ishaq Dar spoke. Later Ishaq Darr left."
    expected = textrepair.repair(text, textrepair.Gazetteer.from_file(GAZETTEER)).text
    [doc] = datatrove_mod.RepairFormatter(gazetteer=GAZETTEER).run(docs(text))
    assert doc.text == expected
    [doc] = datatrove_mod.RepairFormatter(config=RepairConfig(fix_encoding=False)).run(docs(MOJIBAKE))
    assert doc.text == MOJIBAKE


def test_datatrove_annotator_reports_without_changing_text(datatrove_mod):
    step = datatrove_mod.RepairAnnotator()
    a, b = list(step.run(docs(MOJIBAKE, CLEAN)))
    assert a.text == MOJIBAKE
    report = a.metadata["textrepair"]
    assert report["changed"] is True and "text" not in report
    assert replay(MOJIBAKE, report) == "The café opened."
    assert report["edits"][0]["original"] == "Ã©"
    assert b.metadata["textrepair"] == {"changed": False, "edits": [], "flags": []}
    assert step.stats["changed"].total == 1
    assert step.stats["total"].total == 2


def test_datatrove_annotator_apply_repairs_text_too(datatrove_mod):
    [doc] = datatrove_mod.RepairAnnotator(apply=True, key="repair").run(docs(MOJIBAKE))
    assert doc.text == "The café opened."
    assert replay(MOJIBAKE, doc.metadata["repair"]) == doc.text


def fake_repair(score: float):
    """A repair() that flags the word 'garbled' with ``score``."""
    def repair(text, gazetteer=None, *, config=None):
        start = text.find("garbled")
        flags = (Flag(start, start + 7, score, ("non-word run",)),) if start >= 0 else ()
        return RepairResult(text, text, (), flags)
    return repair


def test_datatrove_filter_drops_garbled_with_reason(datatrove_mod, monkeypatch):
    monkeypatch.setattr(datatrove_mod, "repair", fake_repair(0.8))
    step = datatrove_mod.GarbleFilter()
    garbled, clean = docs("a garbled one", CLEAN)
    assert step.filter(garbled) == (False, "textrepair_garbled")
    assert garbled.metadata["textrepair"] == {
        "flags": [{"start": 2, "end": 9, "text": "garbled", "score": 0.8,
                   "reasons": ["non-word run"], "kind": "garble"}]}
    assert step.filter(clean) is True
    assert "textrepair" not in clean.metadata
    kept = list(datatrove_mod.GarbleFilter().run(docs("a garbled one", CLEAN)))
    assert [d.text for d in kept] == [CLEAN]


def test_datatrove_filter_min_score_and_keep_garbled(datatrove_mod, monkeypatch):
    monkeypatch.setattr(datatrove_mod, "repair", fake_repair(0.4))
    garbled, clean = docs("a garbled one", CLEAN)
    assert datatrove_mod.GarbleFilter(min_score=0.5).filter(garbled) is True
    assert datatrove_mod.GarbleFilter(min_score=0.4).filter(garbled) == (False, "textrepair_garbled")
    only_garbled = datatrove_mod.GarbleFilter(keep_garbled=True)
    assert only_garbled.filter(garbled) is True
    assert only_garbled.filter(clean) == (False, "textrepair_clean")
    with pytest.raises(ValueError, match="min_score"):
        datatrove_mod.GarbleFilter(min_score=1.5)


def test_datatrove_filter_keeps_clean_text_with_real_repair(datatrove_mod):
    kept = list(datatrove_mod.GarbleFilter().run(docs(CLEAN, "Rain is expected on Sunday.")))
    assert len(kept) == 2


def test_datatrove_steps_pickle_with_gazetteer(datatrove_mod):
    step = datatrove_mod.RepairAnnotator(gazetteer=GAZETTEER, apply=True)
    clone = pickle.loads(pickle.dumps(step))
    text = "Ishaq Dar spoke. Later Ishaq Darr left. The cafÃ© closed."
    [a] = step.run(docs(text))
    [b] = clone.run(docs(text))
    assert (a.text, a.metadata) == (b.text, b.metadata)


# -- Hugging Face datasets ------------------------------------------------------

@pytest.fixture
def hf_mod():
    pytest.importorskip("datasets")
    return importlib.import_module("textrepair.integrations.hf")


def test_hf_map_function_repairs_column_and_keeps_others(hf_mod):
    fn = hf_mod.RepairMap("body")
    out = fn({"id": [1, 2], "body": [MOJIBAKE, CLEAN], "lang": ["en", "en"]})
    assert list(out) == ["id", "body", "lang", "textrepair"]
    assert out["id"] == [1, 2] and out["lang"] == ["en", "en"]
    assert out["body"] == ["The café opened.", CLEAN]
    reports = [json.loads(r) for r in out["textrepair"]]
    assert replay(MOJIBAKE, reports[0]) == out["body"][0]
    assert reports[1] == {"changed": False, "edits": [], "flags": []}
    assert list(hf_mod.RepairMap("body", report_column=None)({"body": [CLEAN]})) == ["body"]


def test_hf_map_function_bad_input(hf_mod):
    with pytest.raises(TypeError, match="'text' must hold strings, not NoneType"):
        hf_mod.RepairMap()({"text": ["ok", None]})
    with pytest.raises(TypeError, match="batched=True"):
        hf_mod.RepairMap()({"text": "one row, not a batch"})
    with pytest.raises(KeyError, match="no column 'text'"):
        hf_mod.RepairMap()({"body": ["ok"]})
    with pytest.raises(TypeError, match="config must be a RepairConfig"):
        hf_mod.RepairMap(config={"fix_names": False})


def test_hf_fingerprint_equal_for_equal_options_and_differs_otherwise(hf_mod):
    from datasets.fingerprint import Hasher

    a, b = hf_mod.RepairMap("text", gazetteer=GAZETTEER), hf_mod.RepairMap("text", gazetteer=str(GAZETTEER))
    assert a == b and hash(a) == hash(b)
    assert Hasher.hash(a) == Hasher.hash(b)
    a({"text": ["Ishaq Darr spoke."]})  # using it builds the gazetteer index: not part of the hash
    assert Hasher.hash(a) == Hasher.hash(b)
    others = [hf_mod.RepairMap("body", gazetteer=GAZETTEER),
              hf_mod.RepairMap("text"),
              hf_mod.RepairMap("text", gazetteer=GAZETTEER, config=RepairConfig(collapse_loops=False)),
              hf_mod.RepairMap("text", gazetteer=GAZETTEER, report_column="report")]
    assert len({Hasher.hash(a), *(Hasher.hash(o) for o in others)}) == 1 + len(others)
    assert pickle.loads(pickle.dumps(a)) == a


def test_hf_fingerprint_stable_across_processes(hf_mod):
    from datasets.fingerprint import Hasher

    code = ("from datasets.fingerprint import Hasher; from textrepair.integrations.hf import RepairMap; "
            f"print(Hasher.hash(RepairMap('text', gazetteer={str(GAZETTEER)!r})))")
    hashes = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip()
              for seed in ("1", "2")}
    assert hashes == {Hasher.hash(hf_mod.RepairMap("text", gazetteer=GAZETTEER))}


def test_hf_dataset_map_and_cache_fingerprint(hf_mod, tmp_path):
    import datasets

    datasets.Dataset.from_dict({"id": [1, 2], "text": [MOJIBAKE, CLEAN]}).save_to_disk(tmp_path / "ds")
    ds = datasets.load_from_disk(str(tmp_path / "ds"))
    first = ds.map(hf_mod.RepairMap(), batched=True)
    second = ds.map(hf_mod.RepairMap(), batched=True)
    assert first._fingerprint == second._fingerprint  # so datasets reuses the cached result
    assert first.cache_files and first.cache_files == second.cache_files
    assert first["text"] == ["The café opened.", CLEAN]
    assert first.column_names == ["id", "text", "textrepair"]
    other = ds.map(hf_mod.RepairMap(config=RepairConfig(fix_encoding=False)), batched=True)
    assert other._fingerprint != first._fingerprint
    assert other["text"] == [MOJIBAKE, CLEAN]


# -- Ray Data --------------------------------------------------------------------

@pytest.fixture
def ray_mod():
    pytest.importorskip("ray.data")
    return importlib.import_module("textrepair.integrations.ray")


def test_ray_numpy_batch_keeps_column_order_and_adds_report(ray_mod):
    import numpy as np

    batch = {"text": np.array([MOJIBAKE, CLEAN]), "id": np.array([3, 4])}
    out = ray_mod.RepairBatches()(batch)
    assert list(out) == ["text", "id", "textrepair"]
    assert out["text"].tolist() == ["The café opened.", CLEAN]
    assert out["id"].tolist() == [3, 4]
    report = json.loads(out["textrepair"][0])
    assert replay(MOJIBAKE, report) == "The café opened."
    assert batch["text"].tolist() == [MOJIBAKE, CLEAN]  # the input batch is not modified


def test_ray_pandas_batch_and_existing_report_column(ray_mod):
    import pandas as pd

    df = pd.DataFrame({"id": [1, 2], "textrepair": ["old", "old"], "body": [MOJIBAKE, CLEAN]})
    out = ray_mod.RepairBatches("body")(df)
    assert isinstance(out, pd.DataFrame)
    assert list(out.columns) == ["id", "textrepair", "body"]
    assert out["body"].tolist() == ["The café opened.", CLEAN]
    assert json.loads(out["textrepair"][1]) == {"changed": False, "edits": [], "flags": []}
    assert df["body"].tolist() == [MOJIBAKE, CLEAN]


def test_ray_transform_gazetteer_config_and_bad_input(ray_mod):
    import numpy as np

    text = "Ishaq Dar spoke. Later Ishaq Darr left."
    expected = textrepair.repair(text, textrepair.Gazetteer.from_file(GAZETTEER)).text
    out = ray_mod.RepairBatches(gazetteer=GAZETTEER, report_column=None)({"text": np.array([text])})
    assert list(out) == ["text"] and out["text"].tolist() == [expected]
    off = ray_mod.RepairBatches(config=RepairConfig(fix_encoding=False))
    assert off({"text": np.array([MOJIBAKE])})["text"].tolist() == [MOJIBAKE]
    with pytest.raises(TypeError, match="must hold strings, not NoneType"):
        ray_mod.RepairBatches()({"text": np.array(["ok", None], dtype=object)})
    with pytest.raises(TypeError, match="dict of numpy arrays or a pandas DataFrame"):
        ray_mod.RepairBatches()([MOJIBAKE])


def test_ray_transform_reads_its_gazetteer_once(ray_mod, monkeypatch):
    import numpy as np

    loads = []
    from_file = textrepair.Gazetteer.from_file.__func__

    def counting_from_file(cls, path):
        loads.append(path)
        return from_file(cls, path)

    monkeypatch.setattr(textrepair.Gazetteer, "from_file", classmethod(counting_from_file))
    transform = ray_mod.RepairBatches(gazetteer=GAZETTEER)
    for _ in range(3):
        transform({"text": np.array(["Ishaq Darr spoke.", CLEAN])})
    assert loads == [GAZETTEER]
