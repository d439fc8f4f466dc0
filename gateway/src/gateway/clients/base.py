"""One upstream service's HTTP API, called on behalf of one GraphQL request.

The ``httpx.AsyncClient`` is shared by the whole process (one connection pool per
upstream); this wrapper adds the caller's token and the correlation id to every
call and turns transport failures and problem documents into gateway errors.
Each service's client subclasses it and names its calls.
"""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import quote

import httpx
import orjson
import structlog
from servicekit.observability import inject_trace_context

from gateway.clients.breaker import CircuitBreaker
from gateway.errors import INTERNAL_MESSAGE, NotFound, UpstreamFailed, UpstreamUnavailable, from_problem
from gateway.node import local_id, local_ids_in

CORRELATION_HEADER = "X-Correlation-Id"

log = structlog.get_logger()


def path_id(value: str) -> str:
    """An id (global or the service's own) as one path segment. An empty id, "." or ".." would address another
    resource (the list, the parent), and no object has such an id: NOT_FOUND here rather than whatever that other
    resource answers."""
    value = str(local_id(value))
    if value.strip() in ("", ".", ".."):
        raise NotFound(f"No object has the id {value!r}.")
    return quote(value, safe="")


class UpstreamClient:
    SERVICE: ClassVar[str]

    def __init__(self, http: httpx.AsyncClient, *, token: str | None, correlation_id: str, breaker: CircuitBreaker | None = None):
        self._http = http
        self._breaker = breaker  # the process's breaker for this service (clients.breaker); None: none
        self._headers = {CORRELATION_HEADER: correlation_id}
        if token:
            self._headers["Authorization"] = f"Bearer {token}"

    async def export_person(self, email: str, names: list[str]) -> dict[str, Any]:
        """What this service holds of a person (every service answers ``POST /privacy/export`` the same way)."""
        return await self._call("POST", "/privacy/export", json={"email": email, "names": names})

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        service = self.SERVICE
        response = await self._send(method, path, **kwargs)
        body = _json_or_none(response)
        if response.is_success:
            if isinstance(body, dict):
                return body
            log.warning("upstream.malformed", service=service, method=method, path=path, status=response.status_code)
            raise UpstreamFailed(INTERNAL_MESSAGE)
        if response.status_code >= 500:
            log.warning("upstream.failed", service=service, method=method, path=path, status=response.status_code)
        raise from_problem(response.status_code, body if isinstance(body, dict) else None, service=service)

    async def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        service, breaker = self.SERVICE, self._breaker
        if breaker is not None:
            breaker.before_call()
        for part in ("json", "params"):  # ids in bodies and query strings may be global ids (gateway.node)
            if kwargs.get(part) is not None:
                kwargs[part] = local_ids_in(kwargs[part])
        try:
            headers = inject_trace_context(dict(self._headers))  # the upstream's span joins this request's trace
            response = await self._http.request(method, path, headers=headers, **kwargs)
        except httpx.TimeoutException:
            log.warning("upstream.timeout", service=service, method=method, path=path)
            if breaker is not None:
                breaker.failed()
            raise UpstreamUnavailable(f"The {service} service did not answer in time; try again later.") from None
        except httpx.TransportError as exc:
            log.warning("upstream.unreachable", service=service, method=method, path=path, error=type(exc).__name__)
            if breaker is not None:
                breaker.failed()
            raise UpstreamUnavailable(f"The {service} service is unavailable; try again later.") from None
        except BaseException:
            if breaker is not None:
                breaker.abandoned()
            raise
        if breaker is not None:
            breaker.succeeded()
        return response


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return orjson.loads(response.content)  # the services' pages are large: several times faster than response.json()
    except orjson.JSONDecodeError:
        return None
