"""Where the pages find the DTPR icons: ``/dtpr-icons/<file>?v=<taxonomy version>``, lazily loaded.

An icon is a file of its own, cached a week as immutable by the browser (the version in the
query changes with the taxonomy), so a passer-by downloads each icon once for every sensor
page, and only when a section showing it is opened (``loading="lazy"`` inside a closed
``<details>``). Inlined as ``data:`` URIs they made half of every page's bytes, sent again
with every page. An ``<img>`` keeps each icon's own ids and masks apart, as inline ``<svg>``
would not.
"""

from __future__ import annotations

from dtpr_core.taxonomy import icon_svg, load_taxonomy
from dtpr_core.urls import Urls
from registry.pages.layout import path_of


def icon_sources(urls: Urls) -> dict[str, str]:
    """Every taxonomy icon's ``src`` in the pages (same-origin path, versioned), by icon file name.

    Made once with the app's templates; an icon the taxonomy names but does not ship is left
    out, and the page shows its text without a picture.
    """
    taxonomy = load_taxonomy()
    version = taxonomy.source_commit[:12]
    sources = {}
    for element in taxonomy.elements.values():
        try:
            icon_svg(element.icon)
        except KeyError:
            continue
        sources[element.icon] = f"{path_of(urls.icon(element.icon))}?v={version}"
    return sources
