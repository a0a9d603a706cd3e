"""What the producers app announces to the apps above it.

`producer_updated` (sender=Producer, keyword `producer`) is sent inside `producer_update`'s
transaction after the producer is saved: the products app, which sits above producers,
refreshes the search text of the producer's products (they index its name).
"""

from django.dispatch import Signal

producer_updated = Signal()
