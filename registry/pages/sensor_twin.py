"""The sensor page's ``.json`` twin: ``twin_body(view)``, a pure function of the :class:`SensorView`.

It reads the fields the view marks as shown in :data:`~registry.pages.sensor_view.JSON`
(the id, the site, the stored :class:`~registry.pages.sensor_view.Record`), so its ETag
(``etag(view, JSON)``) is made of everything it writes. Its history is the page's: the same
read, the same length (:data:`~registry.pages.sensor_view.HISTORY_LINES`), the catalogues' words.
"""

from __future__ import annotations

import json
from typing import Any

from dtpr_core.datachain import PERSONAL_DATA_WORDS
from dtpr_core.times import iso
from registry.history import line_json, summary_words
from registry.pages.sensor_view import SensorView


def twin_body(view: SensorView) -> dict[str, Any]:
    """``/s/{id}.json`` (and the static export's copy): the documented shape of ``PublicSensor``."""
    record, urls, sensor_id = view.record, view.site.urls, view.sensor_id
    words = summary_words()
    return {
        "id": sensor_id,
        "url": urls.sensor_page(sensor_id),
        "sensor": json.loads(record.data),
        "revision": record.revision,
        "updated_at": iso(record.updated_at),
        "declared_at": iso(record.declared_at),
        "status": record.status,
        "personal_data": record.personal_data,
        "device": _json(record.device),
        "online": record.online,
        "last_seen": iso(record.last_seen),
        "drift": _json(record.drift) or [],
        "personal_data_text": dict(PERSONAL_DATA_WORDS.get(record.personal_data, {})),
        "history": [line_json(line, words) for line in record.history],
        "links": {
            "page": urls.sensor_page(sensor_id),
            "json": urls.sensor_json(sensor_id),
            "datachain": urls.datachain_json(sensor_id),
            "feedback": urls.api(f"sensors/{sensor_id}/feedback"),
            "sign": urls.sign(sensor_id, "svg"),
        },
    }


def _json(text: str | None) -> Any:
    return None if text is None else json.loads(text)


__all__ = ["twin_body"]
