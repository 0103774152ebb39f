"""The public site as static files (``dtpr export site``): same URLs, same bytes as the live pages.

:mod:`registry.export.site` has :func:`~registry.export.site.export_site`. This package
imports nothing itself, so the writer's worker processes start with no more than
:mod:`registry.export.writer`.
"""
