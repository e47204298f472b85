## Targets and progress (issue 5)

cmd-progress = Progress toward targets
cmd-targets = Set targets

target-metric-confirmed_amount = Confirmed credit intents
target-metric-enterprises_with_intent = Enterprises with an intent
target-metric-enterprise_visits = Enterprise-visits
target-metric-approved_amount = Approved credit
target-metric-disbursed_amount = Disbursed
target-scope-programme = Programme
target-scope-series = Series
target-scope-event = Event
target-scope-chain = Industry chain
target-scope-institution = Institution
target-unit-enterprises_with_intent = { $count } enterprises
target-unit-enterprise_visits = { $count } visits
progress-title = <b>📊 Progress</b>
progress-none = No targets yet. Send /targets to set one.
progress-item = <b>{ $metric }</b> ({ $scope })
    { $bar } { $percent }%
    { $value } / { $target } · deadline { $deadline }
    { $pace }
progress-pace = { $pace } a week is needed to reach it in time
progress-reached = 🎉 Reached
progress-overdue = Past the deadline
targets-title = <b>🎯 Targets</b>
target-line = { $number }. { $metric } ({ $scope }) { $value } · deadline { $deadline }
btn-target-add = ➕ New target
btn-target-delete = 🗑 Delete { $number }
ask-target-metric = The target's metric:
ask-target-scope = Counted over:
ask-target-scope-item = Which one?
ask-target-value = Target value: an amount like 20亿 for amounts, a number like 50 for counts.
ask-target-period = Period: a deadline (e.g. 2026-12-31, counting from today) or start and end (e.g. 2026-01-01 2026-12-31).
target-value-amount-invalid = Please type an amount, e.g. 20亿 or 5000万.
target-value-count-invalid = Please type a whole number, e.g. 50.
target-value-invalid = The target must be above zero.
target-period-invalid = I could not read that period. Type 2026-12-31, or 2026-01-01 2026-12-31.
target-scope-invalid = That scope is not available; please set the target again.
target-gone = This target no longer exists.
target-saved = ✅ Target set.
target-deleted = Target deleted.
