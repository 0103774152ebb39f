"""Every ``/api/…`` route, one module per resource.

``/api/v1``: ``sensors`` (and ``bulk``), ``feedback``, ``signs`` (printed signs),
``tokens``, ``monitoring`` (discovered devices, drift, quarantine, stats, inventory);
``/api/dtpr/v1``: ``dtpr`` (upstream DTPR wire shapes). Request and response models:
``models``; stored rows to JSON: ``serialize``.
"""
