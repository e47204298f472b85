## QA round of digests and reports (issue 9)

digest-day-out-of-range = A monthly digest can go out on days 1–28 (not every month has days 29–31). For the month's end, take the 1st of the next month, e.g. /digest monthly 1 9:00.
report-period-reversed = The start { $start } comes after the end { $end }: put the earlier date first, e.g. /report 2026-01-01~2026-06-30.
report-period-too-long = A period can be ten years at most: check the years, e.g. /report 2026-01-01~2026-06-30.
chart-bars = by institution and chain
chart-caption-spans = 📈 { $title }: { $curve_start } to { $curve_end }; { $bars }: { $start } to { $end }
digest-stopped-mark = {" "}· stopped: its subscriber is no longer an organizer; press ▶️ Resume to take it over
