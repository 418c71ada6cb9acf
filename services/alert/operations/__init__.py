"""What the console's operations page shows: dead letters, consumer lag, the feed sources' health."""
