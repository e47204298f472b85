## QA round of digests and reports (issue 9)

digest-day-out-of-range = 每月的日子只能是 1–28 日（不是每个月都有 29–31 日）。月底的简报可以订在下月1日，例如：/digest 每月1日 9:00。
report-period-reversed = 开始日期 { $start } 晚于结束日期 { $end }，请把早的日期写在前面，例如：/report 2026-01-01~2026-06-30。
report-period-too-long = 期间最长 10 年，请检查年份，例如：/report 2026-01-01~2026-06-30。
chart-bars = 按金融机构、产业链
chart-caption-spans = 📈 { $title }：{ $curve_start } 至 { $curve_end }；{ $bars }：{ $start } 至 { $end }
digest-stopped-mark = · 已停止：订阅人已不是组织者，点 ▶️ 恢复 由您接手
