"""The registry's public surfaces that are not HTML pages nor the ``/api/`` API.

One module a surface: ``twins`` (``/s/{id}.json`` and its datachain instance), ``exports``
(open data, ``/inventory.csv``), ``signs`` (``/signs/{id}.{fmt}``), ``icons``
(``/dtpr-icons/…``), ``health`` (``/healthz``).
"""
