"""newsbot: what a news article claims, who says so, and how solid that sourcing is."""

__version__ = "0.1.0"
