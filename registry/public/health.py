"""``/healthz``: the process answers (for load balancers and monitoring)."""

from __future__ import annotations

from fastapi import APIRouter

from registry.api.responses import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the process answers", response_model=Health)
async def healthz() -> dict[str, bool]:
    """On the event loop itself (no thread): it answers whenever the loop does, even with every worker busy."""
    return {"ok": True}
