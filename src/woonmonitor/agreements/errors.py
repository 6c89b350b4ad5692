"""The one error agreement services raise: a user-facing reason; nothing was changed."""


class AgreementError(ValueError):
    """A clear, user-facing reason why an action was refused; nothing was changed."""
