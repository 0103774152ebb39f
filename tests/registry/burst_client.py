"""``python -m tests.registry.burst_client BASE SENSOR_ID CLIENTS POSTS``: the feedback burst of issue #11.

Run as a process of its own (like ``xargs -P 50 curl``), so the test that measures the
registry's answers meanwhile is not slowed by the fifty clients. Prints one status per line.
"""

from __future__ import annotations

import asyncio
import sys

import httpx


async def burst(base: str, sensor_id: str, clients: int, posts: int) -> list[int]:
    statuses: list[int] = []
    async with httpx.AsyncClient(base_url=base, limits=httpx.Limits(max_connections=clients), timeout=60) as client:

        async def one_client(numbers: range) -> None:
            for i in numbers:
                answer = await client.post(
                    f"/s/{sensor_id}/feedback",
                    data={"message": f"burst {i}: le capteur fait du bruit", "kind": "question"},
                    headers={"Origin": base},
                    follow_redirects=False,
                )
                statuses.append(answer.status_code)

        await asyncio.gather(*(one_client(range(c, posts, clients)) for c in range(clients)))
    return statuses


if __name__ == "__main__":
    base, sensor_id, clients, posts = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    print("\n".join(str(status) for status in asyncio.run(burst(base, sensor_id, clients, posts))))
