from servicekit.errors import ProblemError

from notifications.domain.errors import NotificationsError


def problem_for(exc: NotificationsError) -> ProblemError:
    return ProblemError(exc.status, exc.code, exc.code.replace("_", " ").capitalize(), exc.detail)
