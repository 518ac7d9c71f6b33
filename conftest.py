"""The framework adapters import their framework: where one is not installed,
pytest's doctest collection leaves its module out (tests/ skip it likewise).

Property tests draw the same examples on every run (``derandomize``), so CI's
verdict never depends on the draw and a failure found once is found every time."""

import importlib.util

from hypothesis import settings

settings.register_profile("deterministic", derandomize=True, deadline=None, print_blob=True)
settings.load_profile("deterministic")

_FRAMEWORK_OF_ADAPTER = {"datatrove": "datatrove", "hf": "datasets", "ray": "ray"}

collect_ignore = [
    f"src/textrepair/integrations/{adapter}.py"
    for adapter, framework in _FRAMEWORK_OF_ADAPTER.items()
    if importlib.util.find_spec(framework) is None
]
