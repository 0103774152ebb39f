"""The public map (``/carte``): page, compact data file, commune outlines, vendored scripts.

``registry.routes`` mounts :data:`registry.map.routes.router`; the static export writes the
same files (``registry.export.site``); the staff map (``registry.staff.map``) reuses the
scripts. See docs/operators.md (basemap) and docs/city-staff.md (staff map).
"""
