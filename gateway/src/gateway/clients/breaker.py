"""A circuit breaker per upstream service, shared by every request of one gateway process.

After ``failures`` consecutive transport failures or timeouts the circuit opens: calls fail
at once with UPSTREAM_UNAVAILABLE (reason CIRCUIT_OPEN) instead of each waiting for the
timeout. After ``cooldown_seconds`` one call is let through: if the service answers, the
circuit closes; if not, it opens for another cool-down. Any HTTP answer counts as the
service being reachable, error statuses included: the breaker guards against waiting on a
service that is gone, not against its refusals.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import structlog
from prometheus_client import Counter, Gauge

from gateway.errors import UpstreamUnavailable

log = structlog.get_logger()

# Read at scrape time, so an open circuit shows as half open once its cool-down is over.
CIRCUIT_STATE = Gauge("pact_gateway_circuit_state", "Circuit breaker per upstream: 0 closed, 1 half open, 2 open.", ["upstream"])
CIRCUIT_OPENED = Counter("pact_gateway_circuit_opened_total", "Times the circuit to an upstream opened.", ["upstream"])
STATE_VALUES = {"closed": 0, "half_open": 1, "open": 2}


class CircuitBreaker:
    def __init__(self, service: str, *, failures: int = 5, cooldown_seconds: float = 10.0, clock: Callable[[], float] = time.monotonic):
        if failures < 1 or cooldown_seconds <= 0:
            raise ValueError("a circuit breaker needs failures >= 1 and a positive cool-down")
        self.service, self.failures, self.cooldown_seconds, self._clock = service, failures, cooldown_seconds, clock
        self._consecutive = 0
        self._opened_at: float | None = None
        self._trial = False  # half open: the one call let through is under way
        CIRCUIT_STATE.labels(service).set_function(lambda: STATE_VALUES[self.state])
        CIRCUIT_OPENED.labels(service)  # exported at 0 before the first opening, so alerts can use rate()

    @property
    def state(self) -> str:
        if self._opened_at is None:
            return "closed"
        return "half_open" if self._trial or self._cooled_down() else "open"

    def before_call(self) -> None:
        """Raises UPSTREAM_UNAVAILABLE while open; lets one call through after the cool-down."""
        if self._opened_at is None:
            return
        if self._trial or not self._cooled_down():
            raise UpstreamUnavailable(f"The {self.service} service is unavailable; try again later.", reason="CIRCUIT_OPEN")
        self._trial = True

    def succeeded(self) -> None:
        if self._opened_at is not None:
            log.info("upstream.circuit_closed", service=self.service)
        self._consecutive, self._opened_at, self._trial = 0, None, False

    def failed(self) -> None:
        self._consecutive += 1
        if self._trial or (self._opened_at is None and self._consecutive >= self.failures):
            log.warning("upstream.circuit_open", service=self.service, failures=self._consecutive, cooldown_seconds=self.cooldown_seconds)
            self._opened_at = self._clock()
            CIRCUIT_OPENED.labels(self.service).inc()
        self._trial = False

    def abandoned(self) -> None:
        """The call ended without an outcome (cancelled): let another call try."""
        self._trial = False

    def _cooled_down(self) -> bool:
        return self._opened_at is not None and self._clock() - self._opened_at >= self.cooldown_seconds
