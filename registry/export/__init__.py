"""The public site as static files (``dtpr export site``): same URLs, same bytes as the live pages."""

from registry.export.site import ExportOptions, ExportReport, export_site

__all__ = ["ExportOptions", "ExportReport", "export_site"]
