"""Correction watch: re-read an article the bot answered, and say so when its claims or sourcing change.

`schedule` (when to re-read) is imported by the settings, so this package imports nothing by itself.
"""
