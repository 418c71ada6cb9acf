"""Watch rules: stored and versioned (`store`), live in memory (`rulebook`), refreshed across
replicas (`replicas`), replayed over history (`backtest`)."""
