"""The rules as data and pure checks: who may do what, the intent state machine, service times, matching."""
