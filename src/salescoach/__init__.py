"""salescoach: coach your sales managers from plain files in git."""

__version__ = "0.1.0"
