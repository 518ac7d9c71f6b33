"""The framework adapters import their framework: where one is not installed,
pytest's doctest collection leaves its module out (tests/ skip it likewise)."""

import importlib.util

_FRAMEWORK_OF_ADAPTER = {"datatrove": "datatrove", "hf": "datasets", "ray": "ray"}

collect_ignore = [
    f"src/textrepair/integrations/{adapter}.py"
    for adapter, framework in _FRAMEWORK_OF_ADAPTER.items()
    if importlib.util.find_spec(framework) is None
]
