"""Juror tokens: valid as a signature is not enough, the juror they name must still be on the jury.

A token outlives the juror it was issued for (removed by the secretariat, erased on their request,
or never existing here): every route a juror token may call uses ``require_roles_in_good_standing``,
which refuses such a token with 403 and a code saying which (JUROR_UNKNOWN, JUROR_REMOVED, JUROR_ERASED).
"""

from __future__ import annotations

from fastapi import Depends, Request
from servicekit.auth import Principal, Role
from servicekit.http import require_roles

from awards.domain.errors import AwardsError
from awards.domain.jury import check_standing
from awards.entrypoints.problems import problem_for


def require_roles_in_good_standing(*roles: Role):
    """``require_roles``, and for a juror token: the juror it names exists, is not removed and not erased."""
    role_check = require_roles(*roles)

    async def check(request: Request, principal: Principal = role_check) -> Principal:
        if principal.role is Role.JUROR:
            async with request.app.state.runtime.uow() as uow:
                juror = await uow.jury.get(principal.juror_id) if principal.juror_id else None
            try:
                check_standing(principal.juror_id, juror)
            except AwardsError as exc:
                raise problem_for(exc) from None
        return principal

    return Depends(check)
