"""The errors agreement services raise: a user-facing reason; nothing was changed."""


class AgreementError(ValueError):
    """A clear, user-facing reason why an action was refused; nothing was changed."""


class ConflictError(AgreementError):
    """Someone else changed the same thing at the same moment; nothing was changed.

    Pages show it as a form error (status 409), the API as 409 Conflict.
    """
