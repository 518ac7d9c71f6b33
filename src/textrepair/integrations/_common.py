"""What the framework adapters share: loading their options and shaping the report.

>>> from textrepair import repair
>>> report_json(repair("The cafÃ© opened."))[:60]
'{"changed": true, "edits": [{"start": 7, "end": 9, "original'
"""

from __future__ import annotations

import importlib
import json
import os
from typing import Any, Union

from ..edits import RepairResult

GazetteerLike = Union[str, "os.PathLike[str]", Any, None]


def require(module: str, extra: str) -> None:
    """Import ``module`` or raise an ImportError that names the pip extra providing it."""
    try:
        importlib.import_module(module)
    except ImportError as e:
        raise ImportError(
            f"this textrepair integration needs {module}, which is not installed: "
            f"pip install 'textrepair[{extra}]'") from e


def load_gazetteer(gazetteer: GazetteerLike) -> Any:
    """A gazetteer object: ``None`` and objects as given, a path read from its TSV file."""
    if isinstance(gazetteer, (str, os.PathLike)):
        from ..gazetteer import Gazetteer

        return Gazetteer.from_file(gazetteer)
    return gazetteer


def report_dict(result: RepairResult) -> dict[str, Any]:
    """The report of ``result`` without the repaired text (the CLI's report field)."""
    report = result.to_dict()
    del report["text"]
    return report


def report_json(result: RepairResult) -> str:
    return json.dumps(report_dict(result), ensure_ascii=False)
