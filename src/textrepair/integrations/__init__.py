"""Adapters that run :func:`textrepair.repair` inside data-pipeline frameworks.

Each framework lives in its own module, imported only when asked for, so
``import textrepair`` never imports any of them:

- :mod:`textrepair.integrations.datatrove`: ``RepairFormatter``,
  ``RepairAnnotator`` and ``GarbleFilter`` pipeline steps
  (``pip install 'textrepair[datatrove]'``).
- :mod:`textrepair.integrations.hf`: ``RepairMap``, a batched map function for
  ``datasets.Dataset.map`` (``pip install 'textrepair[hf]'``).
- :mod:`textrepair.integrations.ray`: ``RepairBatches``, a callable class for
  ``ray.data.Dataset.map_batches`` (``pip install 'textrepair[ray]'``).

All of them take the same ``gazetteer`` (a :class:`~textrepair.gazetteer.Gazetteer`
or the path of a TSV file, loaded once when the adapter is built) and
``config`` (a :class:`~textrepair.config.RepairConfig`), and write the same
report as the command line's JSONL mode: ``changed``, ``edits`` and ``flags``.
"""
