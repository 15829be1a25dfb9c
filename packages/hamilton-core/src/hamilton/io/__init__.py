"""Loading and saving data in named formats: what ``to``, ``from_``, ``@load_from`` and ``@save_to`` use.

- ``data_adapters``: ``DataLoader`` and ``DataSaver``, the classes a format's reader and
  writer subclass;
- ``formats``: which loader and saver serve a format for a type, from the data plugins
  (``hamilton_register_data_adapters``) and ``hamilton.registry.register_adapter``;
- ``materialization``: ``to`` and ``from_`` for ``Driver.materialize``;
- ``default_data_loaders``: the core's own formats, json and pickle;
- ``utils``: the metadata a save or a load returns.
"""

__all__: list[str] = []
