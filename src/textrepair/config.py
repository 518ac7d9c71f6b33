"""One frozen, picklable object that holds every option of every stage.

>>> cfg = RepairConfig()
>>> cfg.fix_encoding, cfg.collapse_loops
(True, True)
>>> cfg.replace(collapse_loops=False).collapse_loops
False
>>> RepairConfig(colapse_loops=False)
Traceback (most recent call last):
  ...
TypeError: RepairConfig.__init__() got an unexpected keyword argument 'colapse_loops'
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RepairConfig:
    """Options for :func:`textrepair.repair`, documented one by one.

    Stage switches
    --------------
    fix_encoding
        Repair real mojibake (``cafÃ©`` → ``café``) with ftfy's encoding
        detector.  Only the mis-decoded characters change: curly quotes,
        dashes, ligatures, character widths and line breaks stay as written.
    collapse_loops
        Remove degenerate repetition (loops) left by MT, ASR and LLMs.
    fix_names
        Correct misspelled proper names against the gazetteer.
    flag_garbled
        Score passages for garbled machine translation and report the worst
        as flags (flags never change the text).
    """

    # -- stage switches -------------------------------------------------
    fix_encoding: bool = True
    collapse_loops: bool = True
    fix_names: bool = True
    flag_garbled: bool = True

    def replace(self, **overrides: Any) -> RepairConfig:
        """A copy with some options changed; unknown names are a TypeError."""
        return dataclasses.replace(self, **overrides)


DEFAULT_CONFIG = RepairConfig()


def resolve_config(config: RepairConfig | None, overrides: dict[str, Any]) -> RepairConfig:
    """The config a public function should run with."""
    if config is None:
        config = DEFAULT_CONFIG
    elif not isinstance(config, RepairConfig):
        raise TypeError(f"config must be a RepairConfig, not {type(config).__name__}")
    return config.replace(**overrides) if overrides else config
