"""Layer 5, delivery: rosters, a stamped personal copy per participant, messages, SMTP and the send ledger."""
