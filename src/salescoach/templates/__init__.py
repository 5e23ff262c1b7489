"""Text templates for new repositories (``salescoach init``)."""
