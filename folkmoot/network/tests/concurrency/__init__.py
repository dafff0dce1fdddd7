"""Many people at once against a live server on PostgreSQL: nothing recorded twice, nothing
lost, no 5xx, and the totals equal what each person was told."""
