## Digests, /report, /chart, /paragraph (issue 9)

cmd-report = Figures report
cmd-chart = Progress chart
cmd-paragraph = Summary paragraph
cmd-digest = Digest subscriptions

chart-cumulative = Cumulative confirmed credit
chart-target = Target
chart-plan = On-schedule line
chart-title-credit = Cumulative confirmed credit vs target
chart-title-institutions = By institution (confirmed credit, 100M CNY)
chart-title-chains = By industry chain (confirmed credit, 100M CNY)
chart-yi = 100M CNY (亿元)
chart-none = (none yet)
chart-caption = 📈 { $title }: { $start } to { $end }

report-title-digest = <b>📰 Matchmaking digest</b>
report-title = <b>📊 Figures report</b>
report-title-overview = <b>📊 Programme overview</b>
report-period = Period: { $start } to { $end }
report-since = Since the programme started on { $start } (until { $end })
report-empty-programme = The programme has no records yet.
report-section-firms = <b>Enterprises and needs</b>
report-firms = New enterprises { $firms }; new financing needs { $needs }, { $amount } in total
report-kind = { $kind } { $count } · { $amount }
report-section-events = <b>Events</b>
report-events = Events held { $events }; enterprise sign-ups { $signups }, check-ins { $checkins }, no-shows { $noshows }
report-section-intents = <b>Financing intents</b>
report-intents = New intents { $new }, status changes { $changed }; enterprises with an intent { $firms }
report-amounts = Confirmed { $confirmed } · approved { $approved } · disbursed { $disbursed }
report-status = { $status }: { $count } · { $amount } ({ $new } new)
report-status-now = By status now:
report-section-funnel = <b>Funnel (enterprises)</b>
report-funnel-step = { $step } { $count }
report-funnel-rate = {" "}({ $rate }%)
funnel-registered = signed up
funnel-attended = attended
funnel-proposed = proposed
funnel-confirmed = confirmed
funnel-approved = approved
funnel-disbursed = disbursed
report-section-institutions = <b>By institution</b>
report-section-chains = <b>By industry chain</b>
report-group = { $rank }. { $name }: confirmed { $confirmed } · approved { $approved } · disbursed { $disbursed } · { $firms ->
    [one] { $firms } enterprise
   *[other] { $firms } enterprises
}
report-none = none
report-more = … and { $count } more
report-section-upcoming = <b>Upcoming events</b>
report-upcoming = • { $when } { $title }: { $taken }/{ $seats } seats taken, { $waitlisted } waitlisted
report-section-overdue = <b>Intents unanswered past the service time now ({ $days } working days)</b>
report-overdue = • { $institution }: { $count }, { $amount } in total
report-section-progress = <b>Targets</b>
report-paragraph-button = 📝 Summary paragraph
report-chart-button = 📈 Chart
report-usage = I could not read that period. Try: /report this week, /report last month, /report 2026-11, /report this quarter, /report year to date, /report 2026-01-01~2026-06-30.

paragraph-title = <b>📝 Summary paragraph</b> ({ $start } to { $end }, ready to paste)
paragraph-text = 组织“早餐汇”“一月一链”等融资对接活动{ $events }场，服务中小企业{ $visits }家次，促进融资{ $financing }，推动{ $firms }家企业与银行达成融资意向，授信金额{ $credit }。{ $products }
paragraph-products = { $names }等{ $count }家金融机构针对专精特新企业设立了专项服务产品。
paragraph-products-few = { $names }针对专精特新企业设立了专项服务产品。
paragraph-exact-title = <b>Exact figures for checking</b>
paragraph-exact-events = Events: { $value } (started in the period, not cancelled)
paragraph-exact-visits = Enterprise-visits: { $value } (check-ins)
paragraph-exact-financing = Financing facilitated: CNY { $value } (confirmed credit, all institutions)
paragraph-exact-firms = Enterprises with an intent with a bank: { $value }
paragraph-exact-credit = Banks' confirmed credit: CNY { $value }
paragraph-exact-products = Institutions with special products: { $value }
paragraph-usage = I could not read that period. Try: /paragraph year to date, /paragraph last quarter, /paragraph 2026-06, /paragraph 2026-01-01~2026-06-30.

digest-title = <b>🗞 Digest subscriptions</b>
digest-none = No digest subscriptions here yet.
digest-line = #{ $id } { $rule }{ $where }{ $paused }
digest-where-group = {" "}(group: { $title })
digest-where-private = {" "}(private chat)
digest-paused-mark = {" "}· paused
digest-rule-daily = daily { $time }
digest-rule-weekly = every { $weekday } { $time }
digest-rule-monthly = monthly on day { $day } { $time }
digest-help = Subscribe: /digest daily 8:00, /digest weekly mon 8:30, /digest monthly 1 9:00; change: /digest #id weekly fri 17:00. Send it in the work group to get the digest there.
digest-subscribed = ✅ Subscribed: { $rule }. The next digest goes out { $next }.
digest-changed = ✅ Changed to: { $rule }. The next digest goes out { $next }.
digest-paused = ⏸ Paused #{ $id }.
digest-resumed = ▶️ Resumed #{ $id }; the next digest goes out { $next }.
digest-removed = 🗑 Unsubscribed #{ $id }.
digest-rule-invalid = I could not read that time. Try: daily 8:00, weekly mon 8:30, weekly fri 5pm, monthly 1 9:00 (days 1-28).
digest-too-many = At most { $limit } digest subscriptions per person.
digest-duplicate = This chat already has a digest at that time.
digest-which = This chat has { $count } digest subscriptions: add the number, e.g. /digest pause #3.
digest-gone = That subscription no longer exists.
btn-digest-pause = ⏸ Pause #{ $id }
btn-digest-resume = ▶️ Resume #{ $id }
btn-digest-remove = 🗑 Remove #{ $id }
btn-digest-daily = ➕ Daily 8:00
btn-digest-weekly = ➕ Monday 8:30
btn-digest-monthly = ➕ Monthly 1st 9:00
