"""Signals other apps listen to, so that the ideas app never imports the apps above it."""

from django.dispatch import Signal

# Sent inside idea_mature's transaction once the idea is linked to its new product:
# sender=Idea, idea=..., product=... (business plans of the idea follow it to the product).
idea_matured = Signal()
